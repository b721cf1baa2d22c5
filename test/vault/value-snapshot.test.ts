// The value snapshots (value-snapshot.ts): readAllValues seals each credential bucket's live
// values into one row of `snapshots` named after the bucket, and reads that row while the bucket
// is unchanged. Checked on real vault files with real SQLite: the snapshots are really what a read
// uses (a secret row damaged behind Keyhold's back does not show through them), every credential
// write deletes its bucket's snapshot (and only that one), a snapshot that is damaged, stale,
// moved, from another vault or garbage is ignored and rebuilt, a damaged row keeps its bucket
// from getting one, and a purge leaves no byte of a snapshot that held the purged values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import type { StoredValues } from '../../electron/vault/api.ts';
import { bucketOf } from '../../electron/vault/manifest.ts';
import { CRED_KIND } from '../../electron/vault/row-kinds.ts';
import { CLI, LOW_KDF, PASSWORD, closedVaultEach, newVault, tempDir, withDb } from './helpers.ts';

type Shown = Record<string, string[]>;

/** readAllValues as `{name: ['version*:value', ...]}` (`*` marks the current value). */
function shown(values: StoredValues[]): Shown {
  const out: Shown = {};
  for (const c of values) {
    expect(out[c.name], `${c.name} returned twice`).toBeUndefined();
    out[c.name] = c.versions.map((x) => `${x.valueVersion}${x.current ? '*' : ''}:${x.value}`);
  }
  return out;
}

function readAll(v: Vault): Shown {
  return shown(v.readAllValues('scan', CLI));
}

/** The snapshot rows by name, as stored. */
function snapshots(path: string): Map<string, Buffer> {
  const rows = withDb(path, (db) => db.prepare('SELECT name, blob FROM snapshots').all() as { name: string; blob: Buffer }[], { readonly: true });
  return new Map(rows.map((r) => [r.name, Buffer.from(r.blob)]));
}

function snapshotNames(path: string): string[] {
  return [...snapshots(path).keys()].sort();
}

/** The credential buckets the vault's manifest holds. */
function credentialBuckets(path: string): string[] {
  return withDb(path, (db) => db.prepare("SELECT bucket FROM manifest WHERE bucket LIKE 'c:%'").all() as { bucket: string }[], { readonly: true })
    .map((r) => r.bucket).sort();
}

function bucketOfCredential(id: string): string {
  const b = bucketOf(CRED_KIND, id);
  expect(b).toMatch(/^c:[0-9a-f]{2}$/);
  return b!;
}

function snapshotOf(path: string, bucket: string): Buffer {
  const blob = snapshots(path).get(bucket);
  expect(blob, `snapshot of ${bucket}`).toBeDefined();
  return blob!;
}

/** Puts `blob` in as the snapshot named `name`, behind Keyhold's back. */
function putSnapshot(path: string, name: string, blob: Buffer): void {
  withDb(path, (db) => {
    db.prepare('INSERT INTO snapshots (name, blob) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET blob = excluded.blob').run(name, blob);
  });
}

function deleteSnapshot(path: string, name: string): void {
  withDb(path, (db) => db.prepare('DELETE FROM snapshots WHERE name = ?').run(name));
}

function secretRow(db: Database.Database, credId: string): { version: number; blob: Buffer } {
  return db.prepare('SELECT version, blob FROM records WHERE id = ?').get(`secret:${credId}`) as { version: number; blob: Buffer };
}

/** Behind Keyhold's back: `target`'s secret row gets `source`'s sealed blob, its version column left as it is. Returns the old blob. */
function swapSecretBlob(path: string, target: string, source: string): Buffer {
  return withDb(path, (db) => {
    const from = secretRow(db, source);
    const to = secretRow(db, target);
    expect(to.version).toBe(from.version); // same version: only the authentication can tell
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(from.blob, `secret:${target}`);
    return Buffer.from(to.blob);
  });
}

function setRowBlob(path: string, id: string, blob: Buffer): void {
  withDb(path, (db) => db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(blob, id));
}

/** Flips the last byte of a record row's blob; returns the blob as it was. */
function damageRow(path: string, id: string): Buffer {
  return withDb(path, (db) => {
    const { blob } = db.prepare('SELECT blob FROM records WHERE id = ?').get(id) as { blob: Buffer };
    const bad = Buffer.from(blob);
    bad[bad.length - 1]! ^= 0x01;
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(bad, id);
    return Buffer.from(blob);
  });
}

async function reopen(path: string, password = PASSWORD): Promise<Vault> {
  const v = Vault.open(path);
  await v.unlock(password, CLI);
  return v;
}

/** The map without the given keys. */
function without<T>(m: Map<string, T>, keys: Iterable<string>): Map<string, T> {
  const out = new Map(m);
  for (const k of keys) out.delete(k);
  return out;
}

function sameBlobs(a: Map<string, Buffer>, b: Map<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([k, blob]) => b.get(k)?.equals(blob) === true);
}

/** What the vault of every test holds (before the test changes it). */
const FIXTURE = {
  alpha: ['2*:value-alpha-2', '1:value-alpha'],
  beta: ['1*:value-beta'],
  gamma: ['1*:value-gamma'],
} satisfies Shown;

describe('value snapshots', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  let v: Vault;
  let ids: Record<'alpha' | 'beta' | 'gamma' | 'delta', string>;
  const bucket = (name: keyof typeof ids): string => bucketOfCredential(ids[name]);

  /** alpha (rotated once), beta, gamma live; delta in the trash. No snapshot yet. */
  beforeEach(async () => {
    t = tempDir();
    const made = await newVault(t.dir);
    path = made.path;
    v = made.vault;
    const id = (name: string): string => v.add({ name }, `value-${name}`, CLI).id;
    ids = { alpha: id('alpha'), beta: id('beta'), gamma: id('gamma'), delta: id('delta') };
    v.rotate('alpha', 'value-alpha-2', 'routine', CLI);
    v.trash('delta', CLI);
  });
  afterEach(() => {
    v.close();
    t.cleanup();
  });

  describe('are what a read uses while their bucket is unchanged', () => {
    it('one per credential bucket; the next read returns the same values from them, not from the (now damaged) rows', () => {
      expect(snapshotNames(path)).toEqual([]);
      const first = readAll(v);
      expect(first).toEqual(FIXTURE);
      // Every credential bucket, the one holding only the trashed delta included.
      expect(snapshotNames(path)).toEqual(credentialBuckets(path));
      expect(snapshotNames(path)).toEqual([...new Set(Object.keys(ids).map((n) => bucket(n as keyof typeof ids)))].sort());
      const blobs = snapshots(path);
      expect(readAll(v)).toEqual(first);
      expect(sameBlobs(snapshots(path), blobs)).toBe(true); // used as they are, not written again

      swapSecretBlob(path, ids.beta, ids.gamma);
      expect(readAll(v)).toEqual(first); // beta's row no longer opens: only its snapshot still has it
      const report = v.verify();
      expect(report.ok).toBe(false);
      expect(report.failures.map((f) => f.id)).toEqual([`secret:${ids.beta}`]);
      expect(readAll(v)).toEqual(first);
      // Without its bucket's snapshot the read leaves beta out: that is what the rows say.
      deleteSnapshot(path, bucket('beta'));
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
      expect(snapshots(path).has(bucket('beta'))).toBe(false);
    });

    it('still after closing and reopening the vault', async () => {
      const first = readAll(v);
      expect(first).toEqual(FIXTURE);
      v.close();
      swapSecretBlob(path, ids.gamma, ids.beta);
      v = await reopen(path);
      expect(snapshotNames(path)).toEqual(credentialBuckets(path));
      expect(readAll(v)).toEqual(first);
      expect(v.verify().failures.map((f) => f.id)).toEqual([`secret:${ids.gamma}`]);
      v.close();
      v = await reopen(path);
      expect(readAll(v)).toEqual(first);
    });
  });

  it("two sessions on one file (the app and the CLI at once) each see the other's writes", async () => {
    const other = await reopen(path);
    try {
      expect(readAll(v)).toEqual(FIXTURE);
      other.rotate('beta', 'value-beta-2', 'from the other session', CLI);
      expect(snapshots(path).has(bucket('beta'))).toBe(false);
      const afterRotate = { ...FIXTURE, beta: ['2*:value-beta-2', '1:value-beta'] };
      expect(readAll(v)).toEqual(afterRotate);
      expect(readAll(other)).toEqual(afterRotate);
      v.trash('gamma', CLI);
      expect(readAll(other)).toEqual({ alpha: FIXTURE.alpha, beta: afterRotate.beta });
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, beta: afterRotate.beta });
      expect(snapshotNames(path)).toEqual(credentialBuckets(path));
    } finally {
      other.close();
    }
  });

  describe("are deleted by every write that changes a credential, its bucket's only", () => {
    /** `write` returns the ids of the credentials it changed (or 'all'). */
    const cases: { what: string; write: (v: Vault) => string[] | 'all' | Promise<string[] | 'all'>; after: Shown; password?: string }[] = [
      { what: 'add', write: (x) => [x.add({ name: 'epsilon' }, 'value-epsilon', CLI).id], after: { ...FIXTURE, epsilon: ['1*:value-epsilon'] } },
      { what: 'edit (rename)', write: (x) => [x.edit('beta', { name: 'beta-renamed' }, CLI).id], after: { alpha: FIXTURE.alpha, 'beta-renamed': ['1*:value-beta'], gamma: FIXTURE.gamma } },
      { what: 'rotate', write: (x) => [x.rotate('gamma', 'value-gamma-2', 'test', CLI).id], after: { ...FIXTURE, gamma: ['2*:value-gamma-2', '1:value-gamma'] } },
      { what: 'trash', write: (x) => [x.trash('gamma', CLI).id], after: { alpha: FIXTURE.alpha, beta: FIXTURE.beta } },
      { what: 'restore', write: (x) => [x.restore('delta', CLI).id], after: { ...FIXTURE, delta: ['1*:value-delta'] } },
      {
        what: 'purge',
        write: (x) => {
          const id = x.trash('beta', CLI).id;
          // Trashing already deleted it; read again so the purge has a snapshot to delete.
          expect(snapshots(path).has(bucketOfCredential(id))).toBe(false);
          expect(readAll(x)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
          expect(snapshots(path).has(bucketOfCredential(id))).toBe(true);
          x.purge('beta', CLI);
          return [id];
        },
        after: { alpha: FIXTURE.alpha, gamma: FIXTURE.gamma },
      },
      // The values do not carry the status: the snapshot goes all the same, the values stay.
      { what: 'setStatus', write: (x) => [x.setStatus('beta', 'disabled', CLI).id], after: FIXTURE },
      {
        what: 'importMany',
        write: (x) => x.importMany([
          {
            input: { name: 'imported' }, value: 'value-imported-2',
            history: [{ value: 'value-imported-1', createdAt: '2024-01-01T00:00:00.000Z', replacedAt: '2024-06-01T00:00:00.000Z' }],
          },
          { input: { name: 'imported-too' }, value: 'value-imported-too' },
        ], 'test', CLI).map((m) => m.id),
        after: { ...FIXTURE, imported: ['2*:value-imported-2', '1:value-imported-1'], 'imported-too': ['1*:value-imported-too'] },
      },
      {
        what: 'changePassword with rekey (every bucket)',
        write: async (x) => {
          await x.changePassword(PASSWORD, 'a new password for the rekey', CLI, LOW_KDF, { rekey: true });
          return 'all' as const;
        },
        after: FIXTURE, password: 'a new password for the rekey',
      },
    ];

    for (const c of cases) {
      it(c.what, async () => {
        expect(readAll(v)).toEqual(FIXTURE);
        const before = snapshots(path);
        expect([...before.keys()].sort()).toEqual(credentialBuckets(path));
        const changed = await c.write(v);
        if (changed === 'all') expect(snapshotNames(path)).toEqual([]);
        else {
          expect(changed.length).toBeGreaterThan(0);
          const gone = new Set(changed.map(bucketOfCredential));
          expect(sameBlobs(snapshots(path), without(before, gone))).toBe(true);
        }
        expect(readAll(v)).toEqual(c.after);
        expect(snapshotNames(path)).toEqual(credentialBuckets(path));
        // The new snapshots are read back as the same values, here and after reopening.
        const rebuilt = snapshots(path);
        expect(readAll(v)).toEqual(c.after);
        expect(sameBlobs(snapshots(path), rebuilt)).toBe(true);
        v.close();
        v = await reopen(path, c.password);
        expect(readAll(v)).toEqual(c.after);
        expect(v.verify()).toMatchObject({ ok: true, failures: [] });
      });
    }
  });

  describe('are kept by writes that change no credential', () => {
    const cases: { what: string; write: (v: Vault) => unknown }[] = [
      { what: 'putDoc of a setting', write: (x) => x.putDoc('setting', 'scan', { ignore: ['*.log'] }) },
      { what: 'record(...)', write: (x) => x.record('settings.change', CLI, { detail: 'test' }) },
      { what: 'changePassword without rekey', write: (x) => x.changePassword(PASSWORD, 'another password, no rekey', CLI, LOW_KDF) },
    ];
    for (const c of cases) {
      it(c.what, async () => {
        expect(readAll(v)).toEqual(FIXTURE);
        const blobs = snapshots(path);
        await c.write(v);
        expect(sameBlobs(snapshots(path), blobs)).toBe(true);
        // And they are still the ones used: a damaged row does not show through them.
        swapSecretBlob(path, ids.beta, ids.gamma);
        expect(readAll(v)).toEqual(FIXTURE);
      });
    }
  });

  describe('are ignored and rebuilt when they cannot be trusted', () => {
    /** Puts `bad` in as `name`'s snapshot; the next reads are right, that snapshot rebuilt, the others kept. */
    function rejects(name: string, bad: Buffer, expected: Shown = FIXTURE): void {
      putSnapshot(path, name, bad);
      const others = without(snapshots(path), [name]);
      expect(readAll(v)).toEqual(expected);
      const rebuilt = snapshotOf(path, name);
      expect(rebuilt.equals(bad)).toBe(false);
      expect(sameBlobs(without(snapshots(path), [name]), others)).toBe(true);
      expect(readAll(v)).toEqual(expected);
      expect(snapshotOf(path, name).equals(rebuilt)).toBe(true);
    }

    it('a byte flipped anywhere in one', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const blob = snapshotOf(path, bucket('beta'));
      for (const pos of [0, 1, 12, 20, Math.floor(blob.length / 2), blob.length - 17, blob.length - 1]) {
        const bad = Buffer.from(blob);
        bad[pos]! ^= 0x01;
        rejects(bucket('beta'), bad);
      }
    });

    it('an older snapshot put back after a rotate', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const old = snapshotOf(path, bucket('beta'));
      v.rotate('beta', 'value-beta-2', 'test', CLI);
      const after = { ...FIXTURE, beta: ['2*:value-beta-2', '1:value-beta'] };
      expect(readAll(v)).toEqual(after);
      rejects(bucket('beta'), old, after);
    });

    it('an older snapshot put back after a trash', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const old = snapshotOf(path, bucket('alpha'));
      v.trash('alpha', CLI);
      rejects(bucket('alpha'), old, { beta: FIXTURE.beta, gamma: FIXTURE.gamma });
    });

    it("another bucket's snapshot moved under this bucket's name", () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const versions = new Map(withDb(path, (db) => db.prepare("SELECT bucket, version FROM manifest WHERE bucket LIKE 'c:%'").all() as { bucket: string; version: number }[], { readonly: true }).map((r) => [r.bucket, r.version]));
      const target = bucket('beta');
      // Prefer a bucket at the same version: then only the bucket name tells them apart.
      const source = [bucket('gamma'), bucket('alpha'), bucket('delta')].filter((b) => b !== target).sort((a, b) => Number(versions.get(a) !== versions.get(target)) - Number(versions.get(b) !== versions.get(target)))[0];
      if (source === undefined) return; // all four credentials drew the same bucket (odds about 1 in 16 million)
      rejects(target, snapshotOf(path, source));
    });

    it("another vault's snapshot copied in", async () => {
      const other = tempDir();
      try {
        const b = await newVault(other.dir);
        const intruder = b.vault.add({ name: 'beta' }, 'from-the-other-vault', CLI);
        expect(readAll(b.vault)).toEqual({ beta: ['1*:from-the-other-vault'] });
        const foreign = snapshotOf(b.path, bucketOfCredential(intruder.id));
        b.vault.close();
        expect(readAll(v)).toEqual(FIXTURE);
        rejects(bucket('beta'), foreign);
      } finally {
        other.cleanup();
      }
    });

    it('garbage bytes', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      for (const bad of [Buffer.alloc(0), Buffer.from([1]), Buffer.alloc(28), Buffer.alloc(64, 0xff), randomBytes(29), randomBytes(4096)]) rejects(bucket('beta'), bad);
    });

    it('rows under names that are no credential bucket change nothing', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const blob = snapshotOf(path, bucket('beta'));
      for (const name of ['values', 'c:zz', 'd:setting', 'C:' + bucket('beta').slice(2), '']) putSnapshot(path, name, blob);
      expect(readAll(v)).toEqual(FIXTURE);
      v.rotate('beta', 'value-beta-2', 'test', CLI);
      expect(readAll(v)).toEqual({ ...FIXTURE, beta: ['2*:value-beta-2', '1:value-beta'] });
    });
  });

  describe('are not written for a bucket with a damaged row', () => {
    it('a damaged secret row: that credential is left out, its bucket read from the rows at every read', () => {
      const original = swapSecretBlob(path, ids.beta, ids.gamma);
      const healthy = { alpha: FIXTURE.alpha, gamma: FIXTURE.gamma };
      expect(readAll(v)).toEqual(healthy);
      const others = credentialBuckets(path).filter((b) => b !== bucket('beta'));
      expect(snapshotNames(path)).toEqual(others);
      expect(readAll(v)).toEqual(healthy);
      expect(snapshotNames(path)).toEqual(others);
      // Still the rows: mending the row shows at once, and then the bucket gets its snapshot.
      setRowBlob(path, `secret:${ids.beta}`, original);
      expect(readAll(v)).toEqual(FIXTURE);
      expect(snapshotNames(path)).toEqual(credentialBuckets(path));
    });

    it('a damaged credential row: left out, and no snapshot for its bucket', () => {
      const original = damageRow(path, ids.gamma);
      expect(v.damaged().map((d) => d.id)).toEqual([ids.gamma]);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, beta: FIXTURE.beta });
      expect(snapshotNames(path)).toEqual(credentialBuckets(path).filter((b) => b !== bucket('gamma')));
      setRowBlob(path, ids.gamma, original);
      expect(readAll(v)).toEqual(FIXTURE);
      expect(snapshotNames(path)).toEqual(credentialBuckets(path));
    });

    it('a damaged secret row of a trashed credential does not matter (its values are not read)', () => {
      damageRow(path, `secret:${ids.delta}`);
      expect(readAll(v)).toEqual(FIXTURE);
      expect(snapshotNames(path)).toEqual(credentialBuckets(path));
    });
  });

  describe('do not outlive a purge', () => {
    /** How many 32-byte slices of `blob` occur in the vault file or its WAL. */
    function slicesOnDisk(blob: Buffer): number {
      const files = [path, `${path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
      let found = 0;
      for (let i = 0; i + 32 <= blob.length; i++) {
        const slice = blob.subarray(i, i + 32);
        if (files.some((bytes) => bytes.includes(slice))) found++;
      }
      return found;
    }

    it('no 32-byte slice of a snapshot that held the purged values is left in the file or its WAL after close', async () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const withBeta = snapshotOf(path, bucket('beta')); // sealed beta's value
      expect(withBeta.length).toBeGreaterThan(64);
      v.close();
      // The check finds a snapshot while it is there.
      expect(slicesOnDisk(withBeta)).toBe(withBeta.length - 31);

      v = await reopen(path);
      v.trash('beta', CLI);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
      const withoutBeta = snapshotOf(path, bucket('beta'));
      v.close();
      expect(slicesOnDisk(withoutBeta)).toBe(withoutBeta.length - 31);

      v = await reopen(path);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
      expect(snapshotOf(path, bucket('beta')).equals(withoutBeta)).toBe(true);
      v.purge('beta', CLI);
      expect(snapshots(path).has(bucket('beta'))).toBe(false);
      v.close();
      expect(slicesOnDisk(withBeta)).toBe(0);
      expect(slicesOnDisk(withoutBeta)).toBe(0);
      v = await reopen(path);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
    });

    it('nor, with the vault still open, of the purged secret row or its snapshot (the purge empties the WAL)', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const withBeta = snapshotOf(path, bucket('beta'));
      const sealedValue = withDb(path, (db) => Buffer.from(secretRow(db, ids.beta!).blob));
      v.trash('beta', CLI);
      expect(slicesOnDisk(sealedValue)).toBe(sealedValue.length - 31); // the trash keeps the value
      v.purge('beta', CLI);
      expect(slicesOnDisk(withBeta)).toBe(0);
      expect(slicesOnDisk(sealedValue)).toBe(0);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
    });

    it('nor any snapshot sealed under the old key after a rekey', async () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const old = [...snapshots(path).values()];
      expect(old.length).toBeGreaterThan(0);
      await v.changePassword(PASSWORD, 'a new password for the rekey', CLI, LOW_KDF, { rekey: true });
      v.close();
      for (const blob of old) expect(slicesOnDisk(blob)).toBe(0);
    });
  });
});

describe('value snapshots of a vault with many buckets (the rows read in one query)', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  let v: Vault;
  const ids = new Map<string, string>();
  const expected: Shown = {};

  beforeEach(async () => {
    t = tempDir();
    const made = await newVault(t.dir);
    path = made.path;
    v = made.vault;
    ids.clear();
    for (const k of Object.keys(expected)) delete expected[k];
    // 60 credentials fill far more buckets than are read one by one.
    v.bulkForTest(() => {
      for (let i = 0; i < 60; i++) {
        const name = `key-${String(i).padStart(2, '0')}`;
        ids.set(name, v.add({ name }, `value-${name}`, CLI).id);
        expected[name] = [`1*:value-${name}`];
      }
    });
    expect(credentialBuckets(path).length).toBeGreaterThan(16);
  });
  afterEach(() => {
    v.close();
    t.cleanup();
  });

  it('every bucket gets its snapshot; damaged rows keep theirs from it; one changed bucket is read alone', () => {
    const secret = damageRow(path, `secret:${ids.get('key-07')}`);
    const meta = damageRow(path, ids.get('key-42')!);
    const damagedBuckets = [bucketOfCredential(ids.get('key-07')!), bucketOfCredential(ids.get('key-42')!)];
    const healthy = Object.fromEntries(Object.entries(expected).filter(([name]) => name !== 'key-07' && name !== 'key-42'));
    expect(readAll(v)).toEqual(healthy);
    expect(snapshotNames(path)).toEqual(credentialBuckets(path).filter((b) => !damagedBuckets.includes(b)));
    expect(readAll(v)).toEqual(healthy);

    setRowBlob(path, `secret:${ids.get('key-07')}`, secret);
    setRowBlob(path, ids.get('key-42')!, meta);
    expect(readAll(v)).toEqual(expected);
    expect(snapshotNames(path)).toEqual(credentialBuckets(path));

    // One rotation: only its bucket is read from the rows again; the others still come from
    // their snapshots (a row damaged in one of them does not show).
    const before = snapshots(path);
    v.rotate('key-20', 'value-key-20-2', 'test', CLI);
    const rotatedBucket = bucketOfCredential(ids.get('key-20')!);
    expect(sameBlobs(snapshots(path), without(before, [rotatedBucket]))).toBe(true);
    const elsewhere = [...ids.keys()].find((n) => bucketOfCredential(ids.get(n)!) !== rotatedBucket)!;
    damageRow(path, `secret:${ids.get(elsewhere)}`);
    const after = { ...expected, 'key-20': ['2*:value-key-20-2', '1:value-key-20'] };
    expect(readAll(v)).toEqual(after);
    expect(snapshotNames(path)).toEqual(credentialBuckets(path));
    expect(v.verify().failures.map((f) => f.id)).toEqual([`secret:${ids.get(elsewhere)}`]);
  });
});

describe('value snapshots inside one bulk write', () => {
  const file = closedVaultEach((v) => {
    v.add({ name: 'alpha' }, 'alpha-value-0123456789', CLI);
    v.readAllValues('scan', CLI); // alpha's bucket has a snapshot now
  });

  it('a read after a change in the same transaction sees the change, not the snapshot of before', async () => {
    const v = await reopen(file());
    try {
      let inside: Shown = {};
      v.bulkForTest(() => {
        v.rotate('alpha', 'alpha-value-rotated-0123', 'test', CLI);
        v.add({ name: 'beta' }, 'beta-value-0123456789', CLI);
        inside = readAll(v);
      });
      expect(inside).toEqual({ alpha: ['2*:alpha-value-rotated-0123', '1:alpha-value-0123456789'], beta: ['1*:beta-value-0123456789'] });
      expect(readAll(v)).toEqual(inside);
    } finally {
      v.close();
    }
  });
});
