// The CLI's contract beyond single commands: help, usage errors, exit codes, password sources,
// throttling, vault location, init/passwd, and values that must never leak through argv or output.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../electron/cli/commands/index.ts';
import { EXIT_CODES } from '../../electron/cli/exit-codes.ts';
import { isGroup } from '../../electron/cli/command.ts';
import { FAST_KDF, makeVault, PASSWORD, removeDir, run, tempDir, type TestVault } from './helpers.ts';

const SECRET = 'sk_live_NEVER_PRINT_4b3c2a1f';

let v: TestVault;
beforeAll(async () => {
  v = await makeVault();
  const r = await v.kh(['add', 'api/key', '--value-stdin', '--tag', 't1'], { input: SECRET });
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => removeDir(v.dir));

describe('help and usage errors', () => {
  it('prints the command list, environment and exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of await commands.all()) expect(r.stdout).toMatch(new RegExp(`^  ${c.name}\\s+${c.summary.slice(0, 10)}`, 'm'));
    expect(r.stdout).toContain('KEYHOLD_PASSWORD_FILE');
    expect(r.stdout).toContain('KEYHOLD_PASSWORD_COMMAND');
    expect(r.stdout).toMatch(/3\s+WRONG_PASSWORD/);
    expect((await run(['help'])).stdout).toBe(r.stdout);
  });

  it('gives per-command help three ways', async () => {
    const all = (await commands.all()).flatMap((e) => (isGroup(e) ? e.subcommands.map((s) => ({ ...s, name: `${e.name} ${s.name}` })) : [e]));
    for (const c of all) {
      const r = await run([...c.name.split(' '), '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout, c.name).toContain(`Usage: ${c.usage}`);
      for (const opt of Object.keys(c.options)) expect(r.stdout, `${c.name} --${opt}`).toContain(`--${opt}`);
    }
    const a = await run(['help', 'rotate']);
    const b = await run(['rotate', '-h']);
    const c = await run(['--help', 'rotate']);
    expect(a.stdout).toContain('--reason TEXT');
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).toBe(a.stdout);
  });

  it('prints the version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^keyhold \d+\.\d+\.\d+\n$/);
  });

  it('rejects unknown commands and options with exit 2', async () => {
    const cmd = await run(['lss']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toBe("keyhold: unknown command 'lss' (did you mean 'ls'?). Run 'keyhold --help' for the list.\n");
    const opt = await v.kh(['ls', '--colour']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/^keyhold: unknown option --colour for 'ls'/);
    expect((await v.kh(['ls', '--tag'])).stderr).toMatch(/--tag needs a value/);
    expect((await v.kh(['ls', '--json=yes'])).code).toBe(2);
    expect((await run(['help', 'nope'])).code).toBe(2);
    expect((await run(['--bogus', 'ls'])).code).toBe(2);
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: keyhold');
  });
});

describe('secret values never come from argv and are never printed', () => {
  it('refuses --value in every spelling without echoing it', async () => {
    for (const args of [['add', 'x', '--value', SECRET], ['add', 'x', `--value=${SECRET}`], ['rotate', 'api/key', '--value', SECRET]]) {
      const r = await v.kh(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/never taken from the command line/);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
    const extra = await v.kh(['add', 'x', SECRET]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).not.toContain(SECRET);
    expect((await v.kh(['ls', '--json'])).stdout).not.toContain('"x"');
  });

  it('keeps the value out of every listing, report and message', async () => {
    await v.kh(['rotate', 'api/key', '--generate', '--reason', 'test']);
    // One after the other: the CLI is not a concurrency test.
    for (const args of [
      ['ls'], ['ls', '--json'], ['show', 'api/key'], ['show', 'api/key', '--json'], ['history', 'api/key'], ['history', 'api/key', '--json'],
      ['audit'], ['audit', '--json'], ['verify'], ['verify', '--json'], ['trash'], ['edit', 'api/key', '--add-tag', 't2'],
    ]) {
      const r = await v.kh(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
    expect((await v.kh(['get', 'api/key', '--version', '1'])).stdout).toBe(SECRET);
  });
});

describe('master password', () => {
  it('says "Wrong master password." and exits 3, echoing no password', async () => {
    const wrong = path.join(v.dir, 'wrong');
    fs.writeFileSync(wrong, 'not the password\n', { mode: 0o600 });
    const r = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: wrong } });
    expect(r.code).toBe(EXIT_CODES.WRONG_PASSWORD);
    expect(r.stderr).toBe('keyhold: Wrong master password.\n');
    expect(r.stdout).toBe('');
  });

  it('reads only the first line of KEYHOLD_PASSWORD_FILE', async () => {
    const file = path.join(v.dir, 'two-lines');
    fs.writeFileSync(file, `${PASSWORD}\nsecond line\n`);
    expect((await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: file } })).code).toBe(0);
  });

  it('reads a password or passphrase file only up to its first line, refusing an endless or huge one', async () => {
    const crlf = path.join(v.dir, 'crlf');
    fs.writeFileSync(crlf, `${PASSWORD}\r\n${'x'.repeat(100_000)}`);
    expect((await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: crlf } })).code).toBe(0);
    // /dev/zero has no newline and no end: it used to be read until memory ran out.
    const endless = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: '/dev/zero' } });
    expect(endless.code).toBe(EXIT_CODES.TOO_LARGE);
    expect(endless.stderr).toMatch(/^keyhold: The first line of KEYHOLD_PASSWORD_FILE \(\/dev\/zero\) is longer than 16384 bytes/);
    const huge = path.join(v.dir, 'huge');
    fs.writeFileSync(huge, `${SECRET.repeat(1000)}\n`);
    const r = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: huge } });
    expect(r.code).toBe(EXIT_CODES.TOO_LARGE);
    expect(r.stderr).not.toContain(SECRET);
    const passphrase = await v.kh(['share', 'open', huge, '--passphrase-file', '/dev/zero']);
    expect(passphrase.code).toBe(EXIT_CODES.TOO_LARGE);
    expect(passphrase.stderr).toContain('passphrase file /dev/zero');
    const noisy = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: undefined, KEYHOLD_PASSWORD_COMMAND: `head -c 20000 /dev/zero | tr '\\0' x` } });
    expect(noisy.code).toBe(EXIT_CODES.TOO_LARGE);
    // The vault was not touched: the right password still opens it without a throttle.
    expect((await v.kh(['ls'])).code).toBe(0);
  });

  it('runs KEYHOLD_PASSWORD_COMMAND through the shell', async () => {
    const env = { KEYHOLD_PASSWORD_FILE: undefined, KEYHOLD_PASSWORD_COMMAND: `cat '${v.passwordFile}' | head -n 1` };
    expect((await v.kh(['ls'], { env })).code).toBe(0);
    const failing = await v.kh(['ls'], { env: { ...env, KEYHOLD_PASSWORD_COMMAND: 'exit 7' } });
    expect(failing.code).toBe(EXIT_CODES.IO);
    expect(failing.stderr).toMatch(/KEYHOLD_PASSWORD_COMMAND failed \(exit status 7\)/);
    const both = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_COMMAND: 'true' } });
    expect(both.code).toBe(2);
  });

  it('fails clearly without a terminal and without password variables', async () => {
    const r = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: undefined } });
    expect(r.code).toBe(EXIT_CODES.LOCKED);
    expect(r.stderr).toMatch(/^keyhold: No master password: not on a terminal, and neither KEYHOLD_PASSWORD_FILE nor KEYHOLD_PASSWORD_COMMAND is set\.\n$/);
    const missing = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: path.join(v.dir, 'absent') } });
    expect(missing.code).toBe(EXIT_CODES.IO);
  });

  it('says how long to wait when unlocking is throttled', async () => {
    const w = await makeVault();
    try {
      const wrong = path.join(w.dir, 'wrong');
      fs.writeFileSync(wrong, 'nope nope nope\n');
      for (let i = 0; i < 3; i++) expect((await w.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: wrong } })).code).toBe(EXIT_CODES.WRONG_PASSWORD);
      // Pretend many more failures happened just now (the counter lives in the file, in clear).
      const db = new Database(w.vault);
      db.prepare("UPDATE meta SET value = ? WHERE key = 'unlock_failures'").run(Buffer.from('12'));
      db.close();
      const r = await w.kh(['ls']);
      expect(r.code).toBe(EXIT_CODES.THROTTLED);
      expect(r.stderr).toMatch(/^keyhold: Too many wrong master passwords: try again in \d+ min( \d+ s)?\.\n$/);
    } finally {
      removeDir(w.dir);
    }
  });
});

describe('vault location, init and passwd', () => {
  it('uses --vault over KEYHOLD_VAULT, before or after the command', async () => {
    const elsewhere = path.join(v.dir, 'nowhere.keyhold');
    const r1 = await v.kh(['ls', '--vault', elsewhere]);
    expect(r1.code).toBe(EXIT_CODES.NO_VAULT);
    expect(r1.stderr).toContain(elsewhere);
    expect((await v.kh(['--vault', elsewhere, 'ls'])).code).toBe(EXIT_CODES.NO_VAULT);
    const r2 = await run(['ls', '--json', '--vault', v.vault], { env: { ...v.env, KEYHOLD_VAULT: elsewhere } });
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('api/key');
  });

  it('defaults to the desktop app folder under XDG_CONFIG_HOME', async () => {
    const dir = tempDir();
    try {
      const env = { ...v.env, KEYHOLD_VAULT: undefined, XDG_CONFIG_HOME: path.join(dir, 'cfg'), HOME: dir };
      expect((await run(['init', ...FAST_KDF], { env })).code).toBe(0);
      expect(fs.existsSync(path.join(dir, 'cfg', 'Keyhold', 'vault.keyhold'))).toBe(true);
    } finally {
      removeDir(dir);
    }
  });

  it('init refuses to overwrite an existing vault or file', async () => {
    const before = fs.readFileSync(v.vault);
    const r = await v.kh(['init', ...FAST_KDF]);
    expect(r.code).toBe(EXIT_CODES.VAULT_EXISTS);
    expect(fs.readFileSync(v.vault).equals(before)).toBe(true);
    const other = path.join(v.dir, 'notes.txt');
    fs.writeFileSync(other, 'keep me');
    expect((await v.kh(['init', '--vault', other, ...FAST_KDF])).code).toBe(EXIT_CODES.VAULT_EXISTS);
    expect(fs.readFileSync(other, 'utf8')).toBe('keep me');
  });

  it('init checks its options and the new password', async () => {
    const dir = tempDir();
    try {
      const env = { ...v.env, KEYHOLD_VAULT: path.join(dir, 'v.keyhold') };
      expect((await run(['init', '--argon2-memory', 'lots'], { env })).code).toBe(2);
      const short = path.join(dir, 'short');
      fs.writeFileSync(short, 'abc\n');
      const r = await run(['init', ...FAST_KDF], { env: { ...env, KEYHOLD_PASSWORD_FILE: short } });
      expect(r.code).toBe(EXIT_CODES.INVALID_INPUT);
      expect(fs.existsSync(path.join(dir, 'v.keyhold'))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });

  it('passwd changes the master password from KEYHOLD_NEW_PASSWORD_FILE', async () => {
    const w = await makeVault();
    try {
      await w.kh(['add', 'k', '--value-stdin'], { input: 'v1-value' });
      const newFile = path.join(w.dir, 'new');
      fs.writeFileSync(newFile, 'a brand new passphrase\n');
      expect((await w.kh(['passwd'])).code).toBe(EXIT_CODES.LOCKED); // no new password source
      const r = await w.kh(['passwd', '--argon2-passes', '2', '--insecure-kdf'], { env: { KEYHOLD_NEW_PASSWORD_FILE: newFile } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('Master password changed.');
      expect((await w.kh(['ls'])).code).toBe(EXIT_CODES.WRONG_PASSWORD);
      const g = await w.kh(['get', 'k'], { env: { KEYHOLD_PASSWORD_FILE: newFile } });
      expect(g.stdout).toBe('v1-value');
      const audit = await w.kh(['audit', '--action', 'password.change', '--json'], { env: { KEYHOLD_PASSWORD_FILE: newFile } });
      expect(JSON.parse(audit.stdout)).toMatchObject([{ action: 'password.change', result: 'ok', detail: 'argon2id m=1024 t=2 p=1' }]);
    } finally {
      removeDir(w.dir);
    }
  });
});

describe('an empty vault', () => {
  it('says so in ls and lists nothing as JSON', async () => {
    const w = await makeVault();
    try {
      const r = await w.kh(['ls']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('The vault is empty');
      expect(JSON.parse((await w.kh(['ls', '--json'])).stdout)).toEqual([]);
      expect((await w.kh(['trash'])).stderr).toContain('The trash is empty.');
    } finally {
      removeDir(w.dir);
    }
  });
});

describe('gen', () => {
  it('prints a value on stdout and its entropy on stderr, without a vault', async () => {
    const r = await run(['gen', '--length', '16', '--alphabet', 'hex', '--prefix', 'x_']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^x_[0-9a-f]{16}$/);
    expect(r.stderr).toBe('entropy: 64 bits\n');
    const d = await run(['gen']);
    expect(d.stdout).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await run(['gen', '--length', '4'])).code).toBe(2);
    expect((await run(['gen', '--alphabet', 'emoji'])).code).toBe(2);
  });
});

describe('tampering', () => {
  it('verify fails with the record id after one byte of a record blob flips', async () => {
    const w = await makeVault();
    try {
      await w.kh(['add', 'victim', '--value-stdin'], { input: 'value-1' });
      await w.kh(['add', 'bystander', '--value-stdin'], { input: 'value-2' });
      expect((await w.kh(['verify'])).code).toBe(0);
      const id = (JSON.parse((await w.kh(['show', 'victim', '--json'])).stdout) as { id: string }).id;

      const db = new Database(w.vault);
      const row = db.prepare('SELECT blob FROM records WHERE id = ?').get(id) as { blob: Buffer };
      const blob = Buffer.from(row.blob);
      blob[blob.length - 5]! ^= 0x01;
      db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(blob, id);
      db.close();

      const r = await w.kh(['verify']);
      expect(r.code).toBe(EXIT_CODES.INTEGRITY);
      expect(r.stdout).toContain(`FAILED record ${id}`);
      expect(r.stdout).toMatch(/tampered with or is corrupted/);
      const report = JSON.parse((await w.kh(['verify', '--json'])).stdout) as { ok: boolean; failures: { id: string }[] };
      expect(report.ok).toBe(false);
      expect(report.failures.map((f) => f.id)).toContain(id);
      // The untouched credential still reads.
      expect((await w.kh(['get', 'bystander'])).stdout).toBe('value-2');
    } finally {
      removeDir(w.dir);
    }
  });

  it('audit --verify fails after an audit row is deleted', async () => {
    const w = await makeVault();
    try {
      await w.kh(['add', 'k', '--value-stdin'], { input: 'value' });
      await w.kh(['get', 'k']);
      const db = new Database(w.vault);
      const { seq } = db.prepare('SELECT seq FROM audit ORDER BY seq LIMIT 1 OFFSET 3').get() as { seq: number };
      db.prepare('DELETE FROM audit WHERE seq = ?').run(seq);
      db.close();
      const r = await w.kh(['audit', '--verify']);
      expect(r.code).toBe(EXIT_CODES.INTEGRITY);
      expect(r.stdout).toMatch(/FAILED audit trail/);
      expect((await w.kh(['verify'])).code).toBe(EXIT_CODES.INTEGRITY);
    } finally {
      removeDir(w.dir);
    }
  });
});
