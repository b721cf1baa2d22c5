// The share commands' interactive paths on a real pseudo-terminal (util-linux `script`): the
// passphrase asked twice without echo, asked again when opening, and the unknown-sender
// confirmation that is the only way besides --trust-sender to accept a sender.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, tempDir } from './helpers.ts';
import { BIN, FAST_KDF } from '../cli/helpers.ts';
import { hasScript, onTerminal as terminal } from '../support/terminal.ts';

/** Runs keyhold (or another program) on a fresh pseudo-terminal; `steps` are [text to wait for, keys to type]. */
async function onTerminal(args: string[], env: Record<string, string>, steps: [string, string][], program = [process.execPath, BIN]): Promise<{ code: number; screen: string }> {
  const session = terminal([...program, ...args], env);
  try {
    for (const [text, keys] of steps) await session.answer(text, keys);
  } catch {
    // It exited before a step's text appeared: the caller checks the exit code and the screen.
  }
  return session.done;
}

describe.skipIf(!hasScript)('share prompts on a terminal', () => {
  let t: ReturnType<typeof tempDir>;
  let env: Record<string, string>;
  const vault = (who: string) => join(t.dir, `${who}.keyhold`);
  const kh = (who: string, args: string[], steps: [string, string][] = []) => onTerminal([...args, '--vault', vault(who)], env, steps);

  beforeAll(async () => {
    t = tempDir();
    const pw = join(t.dir, 'pw');
    writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
    env = { HOME: t.dir, KEYHOLD_PASSWORD_FILE: pw };
    for (const who of ['alice', 'bob']) expect((await kh(who, ['init', ...FAST_KDF])).code).toBe(0);
    const plain = (args: string[], input = '') =>
      execFileSync(process.execPath, [BIN, ...args], { env: { ...env, PATH: process.env.PATH ?? '' }, input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
    const bobLine = plain(['identity', '--vault', vault('bob')]).trim();
    plain(['contact', 'add', 'bob', bobLine, '--vault', vault('alice')]);
    plain(['add', 'api/key', '--value-stdin', '--vault', vault('alice')], 'tty-shared-value');
  });
  afterAll(() => t.cleanup());

  it('asks for the passphrase twice without echo, and again when opening; then confirms the unknown sender', async () => {
    const out = join(t.dir, 'p.age');
    const phrase = 'violet harbor sixteen';
    const made = await kh('alice', ['share', 'create', 'api/key', '--passphrase', '-o', out], [
      ['Passphrase for the bundle: ', phrase + '\r'],
      ['Repeat the passphrase: ', phrase + '\r'],
    ]);
    expect(made.code, made.screen).toBe(0);
    expect(made.screen).not.toContain(phrase);

    const opened = await kh('bob', ['share', 'open', out, '--import'], [
      ['Passphrase of the bundle: ', phrase + '\r'],
      ['Is this the fingerprint the sender gave you? [y/N] ', 'y\r'],
    ]);
    expect(opened.code, opened.screen).toBe(0);
    expect(opened.screen).not.toContain(phrase);
    expect(opened.screen).toMatch(/Their fingerprint is [A-Z2-7]{4}-/);
    expect(opened.screen).toContain('Imported 1 credential');

    // The stock age CLI opens the same passphrase bundle (it asks on the terminal only).
    const json = join(t.dir, 'p.json');
    const age = await onTerminal(['-d', '-o', json, out], env, [['passphrase', phrase + '\r']], ['/usr/bin/age']);
    expect(age.code, age.screen).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).payload.credentials[0]).toMatchObject({ name: 'api/key', value: 'tty-shared-value' });
  });

  it('refuses the import when the fingerprint is not confirmed', async () => {
    const out = join(t.dir, 'c.age');
    expect((await kh('alice', ['share', 'create', 'api/key', '--to', 'bob', '-o', out])).code).toBe(0);
    const declined = await kh('bob', ['share', 'open', out, '--import', '--rename', 'api/key=api/key-2'], [
      ['Is this the fingerprint the sender gave you? [y/N] ', 'n\r'],
    ]);
    expect(declined.code).toBe(14);
    expect(declined.screen).toContain('not one of your contacts');
  });

  it('refuses mismatched passphrases', async () => {
    const r = await kh('alice', ['share', 'create', 'api/key', '--passphrase', '-o', join(t.dir, 'm.age')], [
      ['Passphrase for the bundle: ', 'first passphrase\r'],
      ['Repeat the passphrase: ', 'second passphrase\r'],
    ]);
    expect(r.code).toBe(2);
    expect(r.screen).toContain('do not match');
  });
});
