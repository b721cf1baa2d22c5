// keyhold passwd --rekey: a new vault key and every record sealed again, through the real CLI;
// an old copy of the vault file's header with the old password opens nothing added afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeVault, removeDir, type TestVault } from './helpers.ts';

function headerRows(file: string): { key: string; value: Buffer }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT key, value FROM meta WHERE key IN ('kdf', 'salt', 'wrapped_key')").all() as { key: string; value: Buffer }[];
  } finally {
    db.close();
  }
}

describe('keyhold passwd --rekey', () => {
  let v: TestVault;
  let newFile: string;
  beforeEach(async () => {
    v = await makeVault();
    newFile = path.join(v.dir, 'new-password');
    fs.writeFileSync(newFile, 'a brand new passphrase\n', { mode: 0o600 });
    expect((await v.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_before' })).code).toBe(0);
  });
  afterEach(() => removeDir(v.dir));

  it('re-seals everything under a new key; the old header and password open nothing written after', async () => {
    const oldHeader = headerRows(v.vault);
    const r = await v.kh(['passwd', '--rekey'], { env: { KEYHOLD_NEW_PASSWORD_FILE: newFile } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('new vault key drawn and every record sealed again');
    const withNew = { env: { KEYHOLD_PASSWORD_FILE: newFile } };
    expect((await v.kh(['get', 'stripe/prod'], withNew)).stdout).toBe('sk_before');
    expect((await v.kh(['add', 'added/after', '--value-stdin'], { ...withNew, input: 'sk_after' })).code).toBe(0);
    expect((await v.kh(['verify'], withNew)).code).toBe(0);
    const audit = JSON.parse((await v.kh(['audit', '--action', 'password.change', '--json'], withNew)).stdout) as { detail: string }[];
    expect(audit.at(-1)?.detail).toMatch(/new vault key/);

    // An attacker kept the old header and knows the old password.
    const db = new Database(v.vault);
    for (const row of oldHeader) db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(row.value, row.key);
    db.close();
    const stolen = await v.kh(['get', 'added/after']);
    expect(stolen.code).not.toBe(0);
    expect(stolen.stdout).toBe('');
    expect((await v.kh(['get', 'stripe/prod'])).stdout).toBe('');
  });

  it('is documented in the help', async () => {
    const help = await v.kh(['passwd', '--help']);
    expect(help.stdout).toMatch(/--rekey/);
    expect(help.stdout).toMatch(/keeps the vault key/);
  });
});
