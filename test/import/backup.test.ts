// `keyhold backup` and `keyhold restore FILE`: real vault files, a second process writing
// during the backup, and refusals that must leave the vault byte for byte as it was.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_KDF, PASSWORD, ROOT, makeVault, removeDir, run, type TestVault } from '../cli/helpers.ts';

const T = 180_000;
let tv: TestVault;

beforeAll(async () => {
  tv = await makeVault();
  for (const n of ['alpha', 'beta']) expect((await tv.kh(['add', n, '--value-stdin'], { input: `${n}-value` })).code).toBe(0);
}, T);
afterAll(() => removeDir(tv.dir));

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const namesIn = async (vault: string) => {
  const r = await tv.kh(['ls', '--json'], { env: { KEYHOLD_VAULT: vault } });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { name: string }[]).map((c) => c.name).sort();
};

/** A second process that adds `count` credentials through the vault core, one transaction each. */
function writer(count: number): { started: Promise<void>; done: Promise<number> } {
  const script = `
    import { Vault } from ${JSON.stringify(path.join(ROOT, 'electron/vault/index.ts'))};
    const v = Vault.open(process.env.KEYHOLD_VAULT);
    await v.unlock(${JSON.stringify(PASSWORD)}, { kind: 'cli', command: 'writer' });
    process.stdout.write('started\\n');
    for (let i = 0; i < ${count}; i++) v.add({ name: 'w/' + i }, 'value-' + i, { kind: 'cli', command: 'writer' });
    v.close();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...tv.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('started') && resolve());
    child.on('error', reject);
  });
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { started, done };
}

describe('backup', () => {
  it('takes a consistent, verified copy (mode 0600) while a second process writes', async () => {
    const w = writer(300);
    await w.started;
    const file = path.join(tv.dir, 'during.keyhold');
    const r = await tv.kh(['backup', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(await w.done).toBe(0);
    expect(r.stderr).toMatch(/verified \d+ records/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const v = await tv.kh(['verify'], { env: { KEYHOLD_VAULT: file } });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const inBackup = await namesIn(file);
    expect(inBackup).toEqual(expect.arrayContaining(['alpha', 'beta']));
    // A snapshot: some prefix of the writer's credentials, never a torn state.
    const written = inBackup.filter((n) => n.startsWith('w/')).map((n) => Number(n.slice(2))).sort((a, b) => a - b);
    expect(written).toEqual(written.map((_, i) => i));
  }, T);

  it('never replaces an existing file', async () => {
    const file = path.join(tv.dir, 'exists');
    fs.writeFileSync(file, 'keep me');
    const r = await tv.kh(['backup', file]);
    expect(r.code).toBe(6);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  }, T);
});

describe('restore FILE', () => {
  let backup: string;
  beforeAll(async () => {
    backup = path.join(tv.dir, 'good.keyhold');
    expect((await tv.kh(['backup', backup])).code).toBe(0);
    expect((await tv.kh(['add', 'after-backup', '--value-stdin'], { input: 'x' })).code).toBe(0);
  }, T);

  async function refusedUnchanged(args: string[], expectCode: number, message: RegExp) {
    const before = sha(tv.vault);
    const r = await tv.kh(['restore', ...args, '--yes']);
    expect(r.code, r.stderr).toBe(expectCode);
    expect(r.stderr).toMatch(message);
    expect(sha(tv.vault)).toBe(before);
    expect(fs.readdirSync(tv.dir).filter((f) => f.includes('.restore-') || f.includes('.replaced-'))).toEqual([]);
  }

  it('refuses a tampered backup, leaving the vault byte for byte unchanged', async () => {
    const bad = path.join(tv.dir, 'tampered.keyhold');
    fs.copyFileSync(backup, bad);
    const db = new Database(bad);
    const row = db.prepare("SELECT id, blob FROM records WHERE kind = 'credential' LIMIT 1").get() as { id: string; blob: Buffer };
    row.blob[row.blob.length - 1]! ^= 1;
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(row.blob, row.id);
    db.close();
    await refusedUnchanged([bad], 8, /fails its integrity check.*Nothing was changed/);
  }, T);

  it('refuses a truncated backup', async () => {
    const bad = path.join(tv.dir, 'truncated.keyhold');
    const bytes = fs.readFileSync(backup);
    fs.writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedUnchanged([bad], 8, /damaged or truncated|integrity/);
  }, T);

  it("refuses another vault's backup and a file that is no vault", async () => {
    const other = path.join(tv.dir, 'other.keyhold');
    expect((await run(['init', ...FAST_KDF], { env: { ...tv.env, KEYHOLD_VAULT: other } })).code).toBe(0);
    await refusedUnchanged([other], 8, /backup of another vault/);
    const text = path.join(tv.dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    await refusedUnchanged([text], 8, /not a Keyhold vault backup.*--trash/);
  }, T);

  it('refuses a backup that does not open with the password', async () => {
    const wrong = path.join(tv.dir, 'wrong-pw');
    fs.writeFileSync(wrong, 'another password\n');
    await refusedUnchanged([backup, '--backup-password-file', wrong], 3, /Wrong master password|does not open/);
  }, T);

  it('without a terminal and without --yes changes nothing', async () => {
    const before = await namesIn(tv.vault);
    const r = await tv.kh(['restore', backup]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CREDENTIALS/);
    // Unlocking to compare wrote its audit entries; the vault's contents are the same.
    expect(await namesIn(tv.vault)).toEqual(before);
    expect(before).toContain('after-backup');
    expect(fs.readdirSync(tv.dir).filter((f) => f.includes('.restore-') || f.includes('.replaced-'))).toEqual([]);
  }, T);

  it('refuses a file name that is also a trashed credential, until told which', async () => {
    const name = path.join(tv.dir, 'ambiguous.keyhold');
    fs.copyFileSync(backup, name);
    expect((await tv.kh(['add', name, '--value-stdin'], { input: 'v' })).code).toBe(0);
    expect((await tv.kh(['rm', name])).code).toBe(0);
    const r = await tv.kh(['restore', name, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/both a file and a credential in the trash/);
    const t = await tv.kh(['restore', name, '--trash']);
    expect(t.code, t.stderr).toBe(0);
    expect(await namesIn(tv.vault)).toContain(name);
  }, T);

  it('replaces the vault with a good backup and keeps the replaced one aside', async () => {
    const r = await tv.kh(['restore', backup, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/newer than the backup/);
    const aside = /kept at (\S+)\.\s*$/.exec(r.stderr)?.[1];
    expect(aside && fs.existsSync(aside)).toBeTruthy();
    expect(await namesIn(tv.vault)).not.toContain('after-backup');
    expect(await namesIn(aside!)).toContain('after-backup');
    expect((await tv.kh(['verify'])).code).toBe(0);
    expect(fs.statSync(tv.vault).mode & 0o777).toBe(0o600);
  }, T);

  it('restore NAME still restores from the trash', async () => {
    expect((await tv.kh(['rm', 'alpha'])).code).toBe(0);
    const r = await tv.kh(['restore', 'alpha']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Restored alpha/);
  }, T);
});
