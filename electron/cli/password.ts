// Where the master password comes from, restic-style: KEYHOLD_PASSWORD_FILE (first line of the
// file) or KEYHOLD_PASSWORD_COMMAND (first line of the command's stdout) when set, otherwise a
// no-echo prompt on the terminal. Passwords are never echoed, logged or put in a message.
import { spawnSync } from 'node:child_process';
import { KeyholdError } from '../../shared/errors.ts';
import { UsageError } from './exit-codes.ts';
import { firstLineOfOutput, readFirstLine } from './first-line.ts';
import { readHidden, terminal, type Terminal } from './terminal.ts';

/** Shortest master password accepted for a new vault or a password change. */
export const MIN_PASSWORD_LENGTH = 8;

function fromFile(file: string, variable: string): string {
  return readFirstLine(file, `${variable} (${file})`);
}

function fromCommand(command: string): string {
  // stdin and stderr stay with the user so the command can ask (pass, op, secret-tool ...).
  // Output as bytes, not a string, so it can be zeroed once the first line is taken.
  const r = spawnSync(command, { shell: true, stdio: ['inherit', 'pipe', 'inherit'], maxBuffer: 1024 * 1024 });
  try {
    if (r.error) throw new KeyholdError('IO', `KEYHOLD_PASSWORD_COMMAND could not run: ${(r.error as NodeJS.ErrnoException).code ?? 'error'}.`);
    if (r.status !== 0) throw new KeyholdError('IO', `KEYHOLD_PASSWORD_COMMAND failed (exit status ${r.status ?? r.signal}).`);
    return firstLineOfOutput(r.stdout, "KEYHOLD_PASSWORD_COMMAND's output");
  } finally {
    if (Buffer.isBuffer(r.stdout)) r.stdout.fill(0);
  }
}

/** The configured non-interactive source, if any. */
function configuredPassword(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.KEYHOLD_PASSWORD_FILE;
  const command = env.KEYHOLD_PASSWORD_COMMAND;
  if (file && command) throw new UsageError('set only one of KEYHOLD_PASSWORD_FILE and KEYHOLD_PASSWORD_COMMAND');
  if (file) return fromFile(file, 'KEYHOLD_PASSWORD_FILE');
  if (command) return fromCommand(command);
  return undefined;
}

function noSource(what: string, unset: string): KeyholdError {
  return new KeyholdError('LOCKED', `No ${what}: not on a terminal, and ${unset}.`);
}

/** The master password of an existing vault. */
export async function readMasterPassword(env: NodeJS.ProcessEnv, prompt = 'Master password: '): Promise<string> {
  const configured = configuredPassword(env);
  if (configured !== undefined) return configured;
  const term = terminal();
  if (!term) throw noSource('master password', 'neither KEYHOLD_PASSWORD_FILE nor KEYHOLD_PASSWORD_COMMAND is set');
  const password = await readHidden(term, prompt);
  if (password === '') throw new KeyholdError('CANCELLED', 'No password given.');
  return password;
}

function checkNew(password: string): string {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new KeyholdError('INVALID_INPUT', `The master password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  return password;
}

async function promptTwice(term: Terminal, what: string): Promise<string> {
  const first = checkNew(await readHidden(term, `New ${what}: `));
  const second = await readHidden(term, `Repeat the new ${what}: `);
  if (first !== second) throw new KeyholdError('INVALID_INPUT', 'The two passwords do not match.');
  return first;
}

/** The password for a new vault (`init`): the configured source, else asked twice on the terminal. */
export async function readInitPassword(env: NodeJS.ProcessEnv): Promise<string> {
  const configured = configuredPassword(env);
  if (configured !== undefined) return checkNew(configured);
  const term = terminal();
  if (!term) throw noSource('master password', 'neither KEYHOLD_PASSWORD_FILE nor KEYHOLD_PASSWORD_COMMAND is set');
  return promptTwice(term, 'master password');
}

/** The new password for `passwd`: KEYHOLD_NEW_PASSWORD_FILE, else asked twice on the terminal. */
export async function readNewPassword(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.KEYHOLD_NEW_PASSWORD_FILE) return checkNew(fromFile(env.KEYHOLD_NEW_PASSWORD_FILE, 'KEYHOLD_NEW_PASSWORD_FILE'));
  const term = terminal();
  if (!term) throw noSource('new master password', 'KEYHOLD_NEW_PASSWORD_FILE is not set');
  return promptTwice(term, 'master password');
}
