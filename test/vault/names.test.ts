// Names are stored and compared in Unicode NFC, and names with invisible or text-direction
// characters are refused, so two credentials can never look the same; also for names that
// arrive in a share bundle (they go through the vault's add).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, errorOf, newVault, tempDir } from './helpers.ts';

const NFC = 'caf\u00e9/prod';
const NFD = 'cafe\u0301/prod';

describe('credential names', () => {
  let t: ReturnType<typeof tempDir>;
  let vault: Vault;
  let path: string;
  beforeEach(async () => {
    t = tempDir();
    ({ vault, path } = await newVault(t.dir));
  });
  afterEach(() => {
    vault.close();
    t.cleanup();
  });

  it('stores NFC and finds a credential by either spelling', () => {
    const m = vault.add({ name: NFD }, 'v', CLI);
    expect(m.name).toBe(NFC);
    expect(vault.get(NFD).id).toBe(m.id);
    expect(vault.get(NFC).id).toBe(m.id);
    expect(vault.readValue(NFD, 'reveal', CLI)).toBe('v');
  });

  it('treats NFD and NFC spellings as the same name on add, rename and restore', () => {
    vault.add({ name: NFC }, 'v', CLI);
    expect(errorOf(() => vault.add({ name: NFD }, 'w', CLI))?.code).toBe('ALREADY_EXISTS');
    const other = vault.add({ name: 'other' }, 'w', CLI);
    expect(errorOf(() => vault.edit(other.id, { name: NFD }, CLI))?.code).toBe('ALREADY_EXISTS');
    vault.trash(other.id, CLI);
    expect(errorOf(() => vault.restore(other.id, CLI, NFD))?.code).toBe('ALREADY_EXISTS');
    expect(vault.list({ scope: 'all' })).toHaveLength(2);
  });

  it.each([
    ['a zero-width space', 'stripe/prod\u200b'],
    ['a zero-width joiner', 'stripe\u200d/prod'],
    ['a right-to-left override', 'stripe/\u202edorp'],
    ['a bidi isolate', 'stripe/\u2066prod\u2069'],
    ['a byte-order mark', 'stripe\ufeff/prod'],
    ['a soft hyphen', 'stripe/pro\u00add'],
  ])('refuses a name with %s, on add, rename and restore', (_what, name) => {
    const e = errorOf(() => vault.add({ name }, 'v', CLI));
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.message).toMatch(/invisible or text-direction character/);
    const m = vault.add({ name: 'plain' }, 'v', CLI);
    expect(errorOf(() => vault.edit(m.id, { name }, CLI))?.code).toBe('INVALID_INPUT');
    vault.trash(m.id, CLI);
    expect(errorOf(() => vault.restore(m.id, CLI, name))?.code).toBe('INVALID_INPUT');
    expect(vault.list({ scope: 'all' }).map((x) => x.name)).toEqual(['plain']);
  });

  it('a damaged credential keeps its name taken, and is listed as damaged by id', async () => {
    const m = vault.add({ name: 'stripe/prod' }, 'v', CLI);
    vault.add({ name: 'other' }, 'w', CLI);
    vault.close();
    const db = new Database(path);
    const row = db.prepare('SELECT blob FROM records WHERE id = ?').get(m.id) as { blob: Buffer };
    row.blob[40] = (row.blob[40] ?? 0) ^ 0xff;
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(row.blob, m.id);
    db.close();
    vault = Vault.open(path);
    await vault.unlock(PASSWORD, CLI);
    expect(vault.list().map((x) => x.name)).toEqual(['other']);
    expect(vault.damaged()).toEqual([{ id: m.id, reason: expect.stringMatching(/failed authentication/) }]);
    expect(errorOf(() => vault.readValue('stripe/prod', 'get', CLI))?.code).toBe('INTEGRITY');
    const taken = errorOf(() => vault.add({ name: 'stripe/prod' }, 'x', CLI));
    expect(taken?.code).toBe('ALREADY_EXISTS');
    expect(taken?.message).toMatch(new RegExp(`damaged \\(id ${m.id}\\); run verify`));

  });

  it('a name index pointing at another credential is caught', async () => {
    const a = vault.add({ name: 'a' }, 'value-a', CLI);
    const b = vault.add({ name: 'b' }, 'value-b', CLI);
    vault.close();
    const db = new Database(path);
    const ha = (db.prepare('SELECT name_hash FROM records WHERE id = ?').get(a.id) as { name_hash: Buffer }).name_hash;
    const hb = (db.prepare('SELECT name_hash FROM records WHERE id = ?').get(b.id) as { name_hash: Buffer }).name_hash;
    db.prepare('UPDATE records SET name_hash = NULL WHERE id = ?').run(a.id);
    db.prepare('UPDATE records SET name_hash = ? WHERE id = ?').run(ha, b.id);
    db.prepare('UPDATE records SET name_hash = ? WHERE id = ?').run(hb, a.id);
    db.close();
    vault = Vault.open(path);
    await vault.unlock(PASSWORD, CLI);
    // `get a` must never hand out b's value.
    expect(errorOf(() => vault.readValue('a', 'reveal', CLI))?.code).toBe('INTEGRITY');
    expect(vault.verify().failures.map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
  });
});
