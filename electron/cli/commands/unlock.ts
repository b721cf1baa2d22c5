// keyhold unlock: ask for the master password once and leave an agent running in the background
// that serves the vault to this user's later commands (until `keyhold lock`, idle or --for).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { ERROR_CODES, KeyholdError, type ErrorCode } from '../../../shared/errors.ts';
import { optString, vaultOption, type Command } from '../command.ts';
import { readMasterPassword } from '../password.ts';
import { noVault } from '../vault-path.ts';
import { DEFAULT_IDLE, DEFAULT_LIFETIME, HANDOFF_ENV, agentTimeOptions, agentTimes, refuseIfServed } from './agent.ts';

/** Argon2 on a busy machine plus start-up: generous. */
const START_TIMEOUT_MS = 120_000;

function firstLine(stream: Readable, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new KeyholdError('IO', 'The agent did not start in time.')), timeoutMs);
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      text += d;
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, nl));
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      resolve(text);
    });
    stream.on('error', () => undefined);
  });
}

export const unlockCommand: Command = {
  name: 'unlock',
  summary: 'Unlock once: start an agent that serves the vault to later commands',
  usage: 'keyhold unlock [--for DURATION] [--idle DURATION]',
  details: `
Asks for the master password (or reads KEYHOLD_PASSWORD_FILE / KEYHOLD_PASSWORD_COMMAND),
then starts 'keyhold agent' in the background. Later commands of your user for this vault
use it and ask for nothing. It locks after --idle without a request (default ${DEFAULT_IDLE}),
after --for (default ${DEFAULT_LIFETIME}), or on 'keyhold lock'. 'keyhold status' shows it.`,
  options: { ...vaultOption, ...agentTimeOptions },
  args: { min: 0, max: 0 },
  async run(ctx) {
    agentTimes(ctx); // bad durations fail before the password is asked
    await refuseIfServed(ctx.vaultPath, ctx.env);
    if (!fs.existsSync(ctx.vaultPath)) throw noVault(ctx.vaultPath);
    const password = await readMasterPassword(ctx.env);
    const args = [...process.execArgv, process.argv[1]!, 'agent', '--vault', ctx.vaultPath];
    for (const name of ['for', 'idle']) {
      const v = optString(ctx.opts, name);
      if (v !== undefined) args.push(`--${name}`, v);
    }
    const env: NodeJS.ProcessEnv = { ...ctx.env, [HANDOFF_ENV]: '1' };
    delete env.KEYHOLD_PASSWORD_FILE;
    delete env.KEYHOLD_PASSWORD_COMMAND;
    // Its own session, no terminal, working folder '/': it outlives this shell and holds no mount.
    const child = spawn(process.execPath, args, { env, cwd: '/', detached: true, stdio: ['pipe', 'ignore', 'ignore', 'pipe'] });
    child.on('error', () => undefined);
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(password + '\n');
    const line = await firstLine(child.stdio[3] as Readable, START_TIMEOUT_MS);
    (child.stdio[3] as Readable).destroy();
    child.unref();
    let result: { ok?: boolean; error?: { code?: string; message?: string } } = {};
    try {
      result = JSON.parse(line) as typeof result;
    } catch {
      // no report: the agent died before it could say why
    }
    if (result.ok === true) {
      ctx.info(`Unlocked. The agent serves ${ctx.vaultPath} until 'keyhold lock' (or idle / --for).`);
      return 0;
    }
    const code = ERROR_CODES.includes(result.error?.code as ErrorCode) ? (result.error!.code as ErrorCode) : 'INTERNAL';
    throw new KeyholdError(code, result.error?.message ?? 'The agent failed to start.');
  },
};
