// The interactive paths, on a real pseudo-terminal made by util-linux `script`: hidden prompts
// for passwords and values (no echo, Backspace, Ctrl-C), double entry of new passwords, the purge
// confirmation, and prompting on /dev/tty while stdin is a pipe.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../electron/cli/exit-codes.ts';
import { BIN, FAST_KDF, removeDir, run, tempDir } from './helpers.ts';
import { hasScript, onTerminal as terminal, shellQuote, type TerminalSession } from '../support/terminal.ts';

const PW = 'tty master pass 1';

/** Runs `keyhold ARGS` (optionally after `pipeFrom |`) on a fresh pseudo-terminal. */
const onTerminal = (args: string[], env: Record<string, string>, pipeFrom?: string): TerminalSession =>
  terminal([process.execPath, BIN, ...args], env, pipeFrom);

describe.skipIf(!hasScript)('on a terminal', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = tempDir();
    env = { HOME: dir, KEYHOLD_VAULT: path.join(dir, 'tty.keyhold') };
  });
  afterAll(() => removeDir(dir));

  it('init asks for the new password twice without echo, and gives up after three wrong tries', async () => {
    const bad = onTerminal(['init', ...FAST_KDF], env);
    await bad.answer('New master password: ', `${PW}\r`);
    await bad.answer('Repeat the new master password: ', `${PW}x\r`);
    await bad.answer('Try again (2 tries left)', '');
    await bad.answer('New master password: ', 'short\r');
    await bad.answer('at least 8 characters. Try again (1 try left)', '');
    await bad.answer('New master password: ', '\r');
    const b = await bad.done;
    expect(b.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(b.screen).toContain('do not match');
    expect(b.screen).toContain('The password is empty.');
    expect(fs.existsSync(env.KEYHOLD_VAULT!)).toBe(false);

    // A mismatch, then the same password twice: created on the second try.
    const s = onTerminal(['init', ...FAST_KDF], env);
    await s.answer('New master password: ', `${PW}\r`);
    await s.answer('Repeat the new master password: ', `${PW}typo\r`);
    await s.answer('do not match. Try again', '');
    await s.answer('New master password: ', `${PW}\r`);
    await s.answer('Repeat the new master password: ', `${PW}\r`);
    const r = await s.done;
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).toContain('Created a vault');
    expect(r.screen).not.toContain(PW);
  });

  it('reads the master password and the value hidden, with Backspace', async () => {
    const s = onTerminal(['add', 'typed'], env);
    // A typo fixed with Backspace, and an arrow key that must be ignored.
    await s.answer('Master password: ', `${PW}Q\x7f\x1b[D\r`);
    await s.answer('Value for typed (hidden): ', 'hidden-valuE\x7fe\r');
    const r = await s.done;
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).not.toContain('hidden-value');
    expect(r.screen).not.toContain(PW);

    const pwFile = path.join(dir, 'pw');
    execFileSync('sh', ['-c', `printf '%s\\n' ${shellQuote(PW)} > ${shellQuote(pwFile)}`]);
    const g = await run(['get', 'typed'], { env: { ...env, KEYHOLD_PASSWORD_FILE: pwFile } });
    expect(g.stdout).toBe('hidden-value');
  });

  it('reads --value-stdin hidden when stdin is the terminal', async () => {
    const s = onTerminal(['add', 'fromtty', '--value-stdin'], env);
    await s.answer('Master password: ', `${PW}\r`);
    await s.answer('Value for fromtty (hidden): ', 'tty-secret\r');
    const r = await s.done;
    expect(r.code, r.screen).toBe(0);
    expect(r.screen).not.toContain('tty-secret');
  });

  it('prints get with a newline on a terminal', async () => {
    const s = onTerminal(['get', 'typed'], env);
    await s.answer('Master password: ', `${PW}\r`);
    const r = await s.done;
    expect(r.code).toBe(0);
    // (the test vault's weak Argon2 settings add one warning line after the output)
    expect(r.screen).toMatch(/hidden-value\r\n(warning: [^\r\n]*\r\n)?$/);
  });

  it('cancels on Ctrl-C with exit 130', async () => {
    const s = onTerminal(['ls'], env);
    await s.answer('Master password: ', 'half\x03');
    const r = await s.done;
    expect(r.code).toBe(EXIT_CODES.CANCELLED);
    expect(r.screen).toContain('keyhold: Cancelled.');
  });

  it('asks on the terminal while stdin is a pipe', async () => {
    const s = onTerminal(['add', 'piped', '--value-stdin'], env, "printf 'from-the-pipe'");
    await s.answer('Master password: ', `${PW}\r`);
    const r = await s.done;
    expect(r.code, r.screen).toBe(0);
    const g = onTerminal(['get', 'piped'], env);
    await g.answer('Master password: ', `${PW}\r`);
    expect((await g.done).screen).toContain('from-the-pipe');
  });

  it('purge asks for confirmation; only yes purges', async () => {
    const rm = onTerminal(['rm', 'piped'], env);
    await rm.answer('Master password: ', `${PW}\r`);
    expect((await rm.done).code).toBe(0);

    const no = onTerminal(['purge', 'piped'], env);
    await no.answer('Master password: ', `${PW}\r`);
    await no.answer('for good? This cannot be undone. [y/N] ', 'n\r');
    const n = await no.done;
    expect(n.code).toBe(EXIT_CODES.CANCELLED);
    expect(n.screen).toContain('Nothing was purged');

    const yes = onTerminal(['purge', 'piped'], env);
    await yes.answer('Master password: ', `${PW}\r`);
    await yes.answer('[y/N] ', 'yes\r');
    const y = await yes.done;
    expect(y.code, y.screen).toBe(0);
    expect(y.screen).toContain('Purged piped');
  });

  it('passwd asks for the current password, then the new one twice', async () => {
    const s = onTerminal(['passwd'], env);
    await s.answer('Current master password: ', `${PW}\r`);
    await s.answer('New master password: ', 'second passphrase\r');
    await s.answer('Repeat the new master password: ', 'second passphrase\r');
    const r = await s.done;
    expect(r.code, r.screen).toBe(0);
    const g = onTerminal(['get', 'typed'], env);
    await g.answer('Master password: ', 'second passphrase\r');
    expect((await g.done).screen).toContain('hidden-value');
  });
});
