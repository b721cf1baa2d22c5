// Nothing the user types may reach the disk in plaintext: neither the database nor its WAL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, newVault, tempDir } from './helpers.ts';

const SECRETS = {
  name: 'zebracorn-credential-name',
  tag: 'quokkatag-distinct',
  note: 'narwhal notes that must stay private',
  value: 'sk_live_PLAINTEXTVALUE_4242',
  service: 'axolotl-service',
  scope: 'pangolin:write',
  ip: '203.0.113.77/32',
  domain: 'okapi.example.org',
  reason: 'capybara-leak-reason',
  rotated: 'sk_live_ROTATEDVALUE_9999',
  doc: 'wombat-document-content',
  password: PASSWORD,
};

function leaks(bytes: Buffer): string[] {
  const found: string[] = [];
  for (const [label, s] of Object.entries(SECRETS)) {
    if (bytes.includes(Buffer.from(s, 'utf8')) || bytes.includes(Buffer.from(s, 'utf16le'))) found.push(label);
  }
  return found;
}

describe('confidentiality at rest', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('keeps names, tags, notes, values and every other field out of the file and its WAL', async () => {
    const { vault, path } = await newVault(t.dir);
    const m = vault.add(
      { name: SECRETS.name, tags: [SECRETS.tag], notes: SECRETS.note, service: SECRETS.service, scopes: [SECRETS.scope], allowedIps: [SECRETS.ip], allowedDomains: [SECRETS.domain] },
      SECRETS.value,
      CLI,
    );
    vault.rotate(m.id, SECRETS.rotated, SECRETS.reason, CLI);
    vault.readValue(SECRETS.name, 'get', CLI);
    vault.putDoc('setting', 'pref', { text: SECRETS.doc });
    vault.renameTag(SECRETS.tag, `${SECRETS.tag}-2`, CLI);

    // Before checkpoint: the changes are in the WAL.
    const wal = `${path}-wal`;
    expect(existsSync(wal)).toBe(true);
    const walBytes = readFileSync(wal);
    expect(walBytes.length).toBeGreaterThan(0);
    expect(leaks(walBytes)).toEqual([]);
    expect(leaks(readFileSync(path))).toEqual([]);

    // After a checkpoint the pages move to the main file.
    const other = new Database(path);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    expect(leaks(readFileSync(path))).toEqual([]);
    vault.close();
    expect(leaks(readFileSync(path))).toEqual([]);
    if (existsSync(wal)) expect(leaks(readFileSync(wal))).toEqual([]);

    // The check itself can fail: the same strings are found once we write them in the clear.
    const db = new Database(path);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('probe', Buffer.from(SECRETS.note));
    db.close();
    expect(leaks(readFileSync(path))).toContain('note');
  });

  it('stores only ids, kinds, counters and KDF parameters in plaintext columns', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.add({ name: SECRETS.name }, SECRETS.value, CLI);
    vault.close();
    const db = new Database(path, { readonly: true });
    const kinds = db.prepare('SELECT DISTINCT kind FROM records ORDER BY kind').all().map((r) => (r as { kind: string }).kind);
    expect(kinds).toEqual(['audit-head', 'credential', 'secret']);
    const ids = db.prepare('SELECT id FROM records').all().map((r) => (r as { id: string }).id);
    for (const id of ids) expect(id).toMatch(/^(secret:)?[0-9a-f-]{36}$|^audit-head$/);
    const metaKeys = db.prepare('SELECT key FROM meta ORDER BY key').all().map((r) => (r as { key: string }).key);
    const allowed = ['format', 'kdf', 'salt', 'unlock_failures', 'unlock_last_failure', 'unlock_pending', 'vault_id', 'wrapped_key'];
    expect(metaKeys.filter((k) => !allowed.includes(k))).toEqual([]);
    db.close();
    const v = Vault.open(path);
    expect(v.isUnlocked()).toBe(false);
    v.close();
  });
});
