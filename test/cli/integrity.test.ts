// Hostile-user checks of the CLI on real vault files (issue 8): parallel password guessing, the
// Argon2 floor, files that are not vaults, and values that are not text.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../electron/cli/exit-codes.ts';
import { makeVault, PASSWORD, removeDir, run, tempDir, type TestVault } from './helpers.ts';

let v: TestVault;
beforeAll(async () => {
  v = await makeVault();
});
afterAll(() => removeDir(v.dir));

describe('unlock throttle under parallel guessing', () => {
  it('12 parallel wrong passwords get only the 3 free tries plus what the backoff allows', async () => {
    const dir = tempDir();
    try {
      const vault = path.join(dir, 'strong.keyhold');
      const good = path.join(dir, 'good');
      const bad = path.join(dir, 'bad');
      fs.writeFileSync(good, PASSWORD + '\n', { mode: 0o600 });
      fs.writeFileSync(bad, 'wrong guess\n', { mode: 0o600 });
      const env = { HOME: dir, KEYHOLD_VAULT: vault };
      // The default Argon2 settings: each guess takes long enough for the processes to overlap.
      const init = await run(['init'], { env: { ...env, KEYHOLD_PASSWORD_FILE: good } });
      expect(init.code, init.stderr).toBe(0);
      const results = await Promise.all(Array.from({ length: 12 }, () => run(['ls'], { env: { ...env, KEYHOLD_PASSWORD_FILE: bad } })));
      const codes = results.map((r) => r.code);
      const tried = codes.filter((c) => c === EXIT_CODES.WRONG_PASSWORD).length;
      expect(codes.filter((c) => c !== EXIT_CODES.WRONG_PASSWORD && c !== EXIT_CODES.THROTTLED), results.map((r) => r.stderr).join('')).toEqual([]);
      const db = new Database(vault, { readonly: true });
      const meta = (k: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(k) as { value: Buffer }).value.toString('utf8');
      const failures = Number(meta('unlock_failures'));
      const times = (JSON.parse(meta('unlock_pending')) as number[]).sort((a, b) => a - b);
      db.close();
      // Every password tried was counted, and each try after the third waited out its backoff
      // (1 s after the 3rd failure, 2 s after the 4th, ...) from the try before it.
      expect(failures).toBe(tried);
      expect(times).toHaveLength(tried);
      expect(tried).toBeGreaterThanOrEqual(3);
      for (let k = 3; k < times.length; k++) {
        expect(times[k]! - times[k - 1]!, `try ${k + 1}`).toBeGreaterThanOrEqual(1000 * 2 ** (k - 3));
      }
    } finally {
      removeDir(dir);
    }
  }, 180_000);
});

describe('Argon2 floor (OWASP: 19 MiB, 2 passes)', () => {
  const weak = ['--argon2-memory', '8192', '--argon2-passes', '1', '--argon2-parallelism', '1'];

  it('init refuses weak settings without --insecure-kdf, and warns with it', async () => {
    const dir = tempDir();
    try {
      const pw = path.join(dir, 'pw');
      fs.writeFileSync(pw, PASSWORD + '\n', { mode: 0o600 });
      const env = { HOME: dir, KEYHOLD_VAULT: path.join(dir, 'v.keyhold'), KEYHOLD_PASSWORD_FILE: pw };
      const refused = await run(['init', ...weak], { env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/below 19456 KiB \(19 MiB\) of memory and 2 passes.*--insecure-kdf/);
      expect(fs.existsSync(env.KEYHOLD_VAULT)).toBe(false);
      const ok = await run(['init', ...weak, '--insecure-kdf'], { env });
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toMatch(/^warning: Argon2 settings below .* cheap to guess/m);
      // The weak vault opens, with a warning that says how to strengthen it.
      const ls = await run(['ls'], { env });
      expect(ls.code, ls.stderr).toBe(0);
      expect(ls.stderr).toMatch(/warning: this vault's Argon2 settings \(8192 KiB, 1 pass\) are below OWASP's minimum.*keyhold passwd --argon2-memory/);
    } finally {
      removeDir(dir);
    }
  });

  it('passwd refuses weak new settings without --insecure-kdf and warns when weak ones are kept', async () => {
    const next = path.join(v.dir, 'next-password');
    fs.writeFileSync(next, 'a second password\n', { mode: 0o600 });
    const refused = await v.kh(['passwd', ...weak], { env: { KEYHOLD_NEW_PASSWORD_FILE: next } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--insecure-kdf/);
    const kept = await v.kh(['passwd'], { env: { KEYHOLD_NEW_PASSWORD_FILE: next } });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/warning: this vault's Argon2 settings .* below OWASP's minimum/);
    const back = await v.kh(['passwd', ...weak, '--insecure-kdf'], { env: { KEYHOLD_PASSWORD_FILE: next, KEYHOLD_NEW_PASSWORD_FILE: v.passwordFile } });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toMatch(/warning: Argon2 settings below .* cheap to guess/);
    const strong = await v.kh(['passwd', '--argon2-memory', '19456', '--argon2-passes', '2'], { env: { KEYHOLD_NEW_PASSWORD_FILE: v.passwordFile } });
    expect(strong.code, strong.stderr).toBe(0);
    expect(strong.stderr).not.toMatch(/warning/);
    expect((await v.kh(['ls'])).stderr).not.toMatch(/warning/);
  });
});

describe('files that are not vaults', () => {
  const sqliteCodes = /SQLITE_|ENOENT|EISDIR|internal error/;

  it('never writes to an empty file, a random file or a foreign SQLite file, and says what each is', async () => {
    const dir = tempDir();
    try {
      const empty = path.join(dir, 'empty.keyhold');
      fs.writeFileSync(empty, '');
      const random = path.join(dir, 'random.bin');
      fs.writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256)));
      const foreign = path.join(dir, 'foreign.sqlite');
      const db = new Database(foreign);
      db.exec('CREATE TABLE notes (x TEXT)');
      db.close();
      const cases: [string, RegExp][] = [
        [empty, /is an empty file, not a Keyhold vault\. Nothing was written to it\./],
        [random, /is some other kind of file, not a Keyhold vault/],
        [foreign, /not a Keyhold vault/],
      ];
      for (const [file, message] of cases) {
        const before = fs.readFileSync(file);
        const r = await v.kh(['ls'], { env: { KEYHOLD_VAULT: file } });
        expect(r.code, file).toBe(EXIT_CODES.INTEGRITY);
        expect(r.stderr, file).toMatch(message);
        expect(r.stderr, file).not.toMatch(sqliteCodes);
        expect(fs.readFileSync(file).equals(before), file).toBe(true);
        expect(fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-shm`), file).toBe(false);
      }
    } finally {
      removeDir(dir);
    }
  });

  it('explains /dev/null and a folder in words', async () => {
    const dirVault = tempDir();
    try {
      for (const [file, message] of [['/dev/null', /\/dev\/null is a device or other special file, not a Keyhold vault/], [dirVault, /is a folder, not a Keyhold vault/]] as const) {
        const r = await v.kh(['ls'], { env: { KEYHOLD_VAULT: file } });
        expect(r.code, file).toBe(EXIT_CODES.INTEGRITY);
        expect(r.stderr, file).toMatch(message);
        expect(r.stderr, file).not.toMatch(sqliteCodes);
      }
      expect(fs.readdirSync(dirVault)).toEqual([]);
      const missingFolder = await v.kh(['ls'], { env: { KEYHOLD_VAULT: path.join(dirVault, 'no', 'such', 'vault') } });
      expect(missingFolder.code).toBe(EXIT_CODES.NO_VAULT);
      expect(missingFolder.stderr).not.toMatch(sqliteCodes);
    } finally {
      removeDir(dirVault);
    }
  });
});

describe('values that are not text', () => {
  it('refuses invalid UTF-8 on --value-stdin instead of storing U+FFFD, and keeps valid bytes exactly', async () => {
    const binary = Buffer.from([0x73, 0x6b, 0xff, 0xfe, 0x00, 0x80, 0x41]);
    const add = await v.kh(['add', 'bin/key', '--value-stdin'], { input: binary });
    expect(add.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(add.stderr).toMatch(/not valid UTF-8 text.*base64/);
    expect((await v.kh(['ls'])).stdout).not.toContain('bin/key');
    // Valid UTF-8 (with a BOM, accents, an emoji and a NUL) comes back byte for byte.
    const text = Buffer.from('\ufeffclé-🔑-\u0000-end', 'utf8');
    expect((await v.kh(['add', 'text/key', '--value-stdin'], { input: text })).code).toBe(0);
    const get = await run(['get', 'text/key'], { env: v.env });
    expect(get.code, get.stderr).toBe(0);
    expect(Buffer.from(get.stdout, 'utf8').equals(text)).toBe(true);
    const rotate = await v.kh(['rotate', 'text/key', '--value-stdin'], { input: binary });
    expect(rotate.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(rotate.stderr).toMatch(/not valid UTF-8/);
  });

  it('refuses a password file that is not UTF-8 with a message, not a changed password', async () => {
    const bad = path.join(v.dir, 'latin1-password');
    fs.writeFileSync(bad, Buffer.from([0x70, 0xe4, 0x73, 0x73, 0x0a]), { mode: 0o600 });
    const r = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: bad } });
    expect(r.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(r.stderr).toMatch(/KEYHOLD_PASSWORD_FILE .* is not valid UTF-8/);
  });
});
