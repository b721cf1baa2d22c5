// keyhold agent: hold the vault unlocked in this process and serve it to this user's CLI
// commands over a private socket (ssh-agent style). `keyhold unlock` starts it in the background.
import fs from 'node:fs';
import { KeyholdError, isKeyholdError } from '../../../shared/errors.ts';
import { AgentConnection } from '../../agent/client.ts';
import { agentPaths } from '../../agent/runtime-dir.ts';
import { AgentServer } from '../../agent/server.ts';
import { VaultAgent } from '../../agent/vault-agent.ts';
import { optString, vaultOption, type CommandContext, type Command, type OptionSpecs } from '../command.ts';
import { MAX_FIRST_LINE_BYTES, firstLineOfOutput } from '../first-line.ts';
import { localTime } from '../format.ts';
import { readMasterPassword } from '../password.ts';
import { openLocked } from '../session.ts';
import { autoBackup } from '../auto-backup.ts';

export const DEFAULT_IDLE = '15m';
export const DEFAULT_LIFETIME = '8h';
/** Set by `keyhold unlock` for the agent it starts: password on stdin, readiness on fd 3. */
export const HANDOFF_ENV = 'KEYHOLD_AGENT_HANDOFF';

export const agentTimeOptions: OptionSpecs = {
  for: { type: 'string', valueName: 'DURATION', help: `lock after this long at the latest (default ${DEFAULT_LIFETIME}; e.g. 90m, 8h, 2d)` },
  idle: { type: 'string', valueName: 'DURATION', help: `lock after this long without a request (default ${DEFAULT_IDLE}; 'off' to keep it)` },
};

const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90s`, `15m`, `8h`, `2d`: between 10 seconds and 30 days. */
export function parseAgentDuration(text: string, option: string): number {
  const m = /^(\d{1,7})([smhd])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNITS[m[2] as keyof typeof UNITS] : NaN;
  if (!m || ms < 10_000 || ms > 30 * UNITS.d) {
    throw new KeyholdError('INVALID_INPUT', `${option} takes a duration between 10s and 30d, such as 90s, 15m, 8h or 2d.`);
  }
  return ms;
}

export function agentTimes(ctx: CommandContext): { idleMs: number | null; lifetimeMs: number } {
  const idle = optString(ctx.opts, 'idle') ?? DEFAULT_IDLE;
  return {
    idleMs: idle === 'off' ? null : parseAgentDuration(idle, '--idle'),
    lifetimeMs: parseAgentDuration(optString(ctx.opts, 'for') ?? DEFAULT_LIFETIME, '--for'),
  };
}

/** Throws ALREADY_EXISTS when an unlocked agent or desktop app already serves the vault. */
export async function refuseIfServed(vaultPath: string, env: NodeJS.ProcessEnv): Promise<void> {
  const conn = await AgentConnection.open(vaultPath, env);
  if (!conn) return;
  const { state, server, pid } = conn.status;
  conn.close();
  if (state === 'unlocked') {
    throw new KeyholdError('ALREADY_EXISTS', `Already unlocked by the ${server === 'desktop' ? 'desktop app' : 'agent'} (pid ${pid}). 'keyhold status' says for how long.`);
  }
}

/** The first line of stdin (a socket pair from `keyhold unlock`), read into a buffer that is zeroed. */
function passwordFromParent(): string {
  const buf = Buffer.alloc(MAX_FIRST_LINE_BYTES + 2);
  let length = 0;
  try {
    while (length < buf.length && !buf.subarray(0, length).includes(0x0a)) {
      let n: number;
      try {
        n = fs.readSync(0, buf, length, buf.length - length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (n === 0) break;
      length += n;
    }
    return firstLineOfOutput(buf.subarray(0, length), 'the password from keyhold unlock');
  } finally {
    buf.fill(0);
  }
}

/** Handoff mode: the password arrives on stdin from `keyhold unlock`; the result goes back on fd 3. */
function reportToParent(result: { ok: true } | { ok: false; error: { code: string; message: string } }): void {
  try {
    fs.writeSync(3, JSON.stringify(result) + '\n');
    fs.closeSync(3);
  } catch {
    // the parent is gone: nothing to tell
  }
}

export const agentCommand: Command = {
  name: 'agent',
  summary: 'Hold the vault unlocked and serve it to your other keyhold commands',
  usage: 'keyhold agent [--for DURATION] [--idle DURATION]',
  details: `
Runs in the foreground (for service managers and tests; 'keyhold unlock' starts it in the
background). While it runs, every keyhold command of the same user for this vault goes
through it without asking for the master password. Like ssh-agent, it serves every process
of your user and no one else: the socket lives in a private folder ($XDG_RUNTIME_DIR/keyhold,
mode 0700) and each request's process is recorded in the audit trail.
It locks (zeroing the keys) and exits on 'keyhold lock', after --idle without a request,
at the end of --for, and on Ctrl+C, SIGTERM or SIGHUP.`,
  options: { ...vaultOption, ...agentTimeOptions },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const handoff = ctx.env[HANDOFF_ENV] === '1';
    try {
      const { idleMs, lifetimeMs } = agentTimes(ctx);
      await refuseIfServed(ctx.vaultPath, ctx.env);
      const vault = await openLocked(ctx.vaultPath);
      try {
        const password = handoff ? passwordFromParent() : await readMasterPassword(ctx.env);
        await vault.unlock(password, { kind: 'agent', command: handoff ? 'unlock' : 'agent' });
      } catch (e) {
        vault.close();
        throw e;
      }
      let stopped!: () => void;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      let server: AgentServer | null = null;
      const agent = new VaultAgent(vault, {
        idleMs,
        lifetimeMs,
        onLocked: (reason) => {
          if (!handoff) ctx.info(`keyhold agent: locked (${reason === 'request' ? 'keyhold lock' : reason}).`);
          // After the current answer (to `lock`) is on its way.
          setImmediate(() => void (server?.stop() ?? Promise.resolve()).finally(stopped));
        },
      });
      server = new AgentServer({ paths: agentPaths(ctx.vaultPath, ctx.env), backend: agent });
      try {
        await server.start();
      } catch (e) {
        agent.lockNow('signal');
        throw e;
      }
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => agent.lockNow('signal'));
      const status = agent.status();
      if (handoff) reportToParent({ ok: true });
      else {
        const idle = idleMs === null ? 'no idle lock' : `locks after ${Math.round(idleMs / 60_000)} min without a request`;
        ctx.info(`keyhold agent: serving ${ctx.vaultPath} (pid ${process.pid}); ${idle}, at ${localTime(status.expiresAt!)} at the latest. Ctrl+C locks.`);
      }
      // Once serving (so `keyhold unlock` returns at once): the day's automatic backup, if due.
      // A warning goes to stderr only in the foreground; the background agent's stderr is closed.
      // A lock meanwhile stops it (it needs the keys); exit waits for it to finish.
      const backup = autoBackup(vault, ctx.vaultPath, ctx.now(), (line) => {
        if (!handoff) ctx.info(line);
      });
      await done;
      await backup;
      return 0;
    } catch (e) {
      if (handoff) reportToParent({ ok: false, error: isKeyholdError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: 'The agent failed to start.' } });
      throw e;
    }
  },
};
