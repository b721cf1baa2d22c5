// The fast path of the most frequent command: `keyhold get NAME` (optionally with --vault PATH)
// while an agent or the desktop app holds the vault unlocked. bin/keyhold.js tries this first; it
// loads only the agent client, the runtime folder and the light protocol schemas (wire.ts), not
// the whole CLI (every command, full zod and the shared model), which would cost several times
// Node's own start-up on every call.
// It serves only the plain case: a live, active, unexpired credential printed to stdout. Anything
// else (another command or option, no agent, a locked agent, an unknown name, a disabled,
// compromised or expired credential, any failure before the value is asked for) returns null and
// the full CLI runs the command from the start, with its own checks, messages and suggestions.
// Once the value has been asked for, the answer is final: a refusal is reported here, never
// retried (a retry would ask the desktop app's user a second time).
import * as v from 'valibot';
import { AgentConnection } from '../agent/client.ts';
import { checked } from '../agent/wire.ts';
import { resolveVaultPath } from './vault-path.ts';

/** The fields the fast path decides on; the full CLI checks whole records with the protocol's schema. */
const credentialHeadSchema = checked(v.looseObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  status: v.string(),
  trashedAt: v.nullable(v.string()),
  expiresAt: v.nullable(v.string()),
}));
const valueSchema = checked(v.string());

/** `get NAME`, `get NAME --vault PATH`, `--vault PATH get NAME` (and `--vault=PATH`); null for anything else. */
export function plainGet(argv: readonly string[]): { ref: string; vault: string | undefined } | null {
  let vault: string | undefined;
  let i = 0;
  const takeVault = (): boolean => {
    const a = argv[i]!;
    if (vault !== undefined) return false;
    if (a.startsWith('--vault=')) vault = a.slice('--vault='.length);
    else if (a === '--vault' && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) vault = argv[++i]!;
    else return false;
    return vault !== '';
  };
  if (argv[0]?.startsWith('--vault') && !takeVault()) return null;
  if (vault !== undefined) i++;
  if (argv[i] !== 'get') return null;
  let ref: string | undefined;
  for (i++; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      if (!takeVault()) return null;
    } else if (ref === undefined) {
      ref = a;
    } else {
      return null;
    }
  }
  return ref === undefined ? null : { ref, vault };
}

/**
 * Runs a plain `get` through the agent. Returns the exit code when it served the command, or null
 * when the full CLI must run it (nothing has been printed or asked for then).
 */
export async function agentGet(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number | null> {
  const plain = plainGet(argv);
  if (!plain || env.KEYHOLD_NO_AGENT === '1') return null;
  let conn: AgentConnection | null = null;
  let id: string;
  try {
    conn = await AgentConnection.open(resolveVaultPath(plain.vault, env), env);
    if (!conn || conn.status.state !== 'unlocked') {
      conn?.close();
      return null;
    }
    const head = conn.call('get', [plain.ref], 'get', credentialHeadSchema);
    const expired = head.expiresAt !== null && !(Date.parse(head.expiresAt) > Date.now());
    if (head.trashedAt !== null || head.status !== 'active' || expired) {
      conn.close();
      return null;
    }
    id = head.id;
  } catch {
    conn?.close();
    return null;
  }
  let value: string;
  try {
    // The agent commits the audit entry of this read before it answers.
    value = conn.call('readValue', [id, 'get', null], 'get', valueSchema);
  } catch (e) {
    conn.close();
    return reportFailure(e, env);
  }
  conn.close();
  // A newline only for a terminal, like the full `get`: pipes receive the exact value.
  await writeOut(value + (process.stdout.isTTY ? '\n' : ''));
  return 0;
}

function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    // `keyhold get x | head -c 0` closes the pipe early: not an error.
    process.stdout.once('error', () => resolve());
    process.stdout.write(text, () => resolve());
  });
}

/** The full CLI's one-line report and exit code (loaded only on this rare path). */
async function reportFailure(e: unknown, env: NodeJS.ProcessEnv): Promise<number> {
  const [{ reportError }, { terminalSafe }] = await Promise.all([import('./exit-codes.ts'), import('../../shared/text.ts')]);
  return reportError(e, env, (line) => void process.stderr.write(terminalSafe(line, { multiline: true }) + '\n'));
}
