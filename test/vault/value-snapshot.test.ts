// The value snapshot (value-snapshot.ts): readAllValues seals every live credential's values into
// one row of `snapshots` and reads that row while no credential changed. Checked on real vault
// files with real SQLite: the snapshot is really what a read uses (a secret row damaged behind
// Keyhold's back does not show through it), every credential write deletes it, a snapshot that is
// damaged, stale, from another vault or garbage is ignored and rebuilt, a damaged row stops it
// being written, and a purge leaves no byte of it in the file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import type { StoredValues } from '../../electron/vault/api.ts';
import { CLI, LOW_KDF, PASSWORD, newVault, tempDir } from './helpers.ts';

type Shown = Record<string, string[]>;

/** readAllValues as `{name: ['version*:value', ...]}` (`*` marks the current value). */
function shown(values: StoredValues[]): Shown {
  const out: Shown = {};
  for (const c of values) out[c.name] = c.versions.map((x) => `${x.valueVersion}${x.current ? '*' : ''}:${x.value}`);
  return out;
}

function readAll(v: Vault): Shown {
  return shown(v.readAllValues('scan', CLI));
}

function withDb<T>(path: string, fn: (db: Database.Database) => T, opts: { readonly?: boolean } = {}): T {
  const db = new Database(path, { readonly: opts.readonly === true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function snapshotRows(path: string): { name: string; blob: Buffer }[] {
  return withDb(path, (db) => db.prepare('SELECT name, blob FROM snapshots').all() as { name: string; blob: Buffer }[], { readonly: true });
}

function snapshotCount(path: string): number {
  return snapshotRows(path).length;
}

function snapshotBlob(path: string): Buffer {
  const rows = snapshotRows(path);
  expect(rows.map((r) => r.name)).toEqual(['values']);
  return Buffer.from(rows[0]!.blob);
}

/** Puts `blob` in as the snapshot behind Keyhold's back. */
function putSnapshot(path: string, blob: Buffer): void {
  withDb(path, (db) => {
    db.prepare("INSERT INTO snapshots (name, blob) VALUES ('values', ?) ON CONFLICT(name) DO UPDATE SET blob = excluded.blob").run(blob);
  });
}

function secretRow(db: Database.Database, credId: string): { version: number; blob: Buffer } {
  return db.prepare('SELECT version, blob FROM records WHERE id = ?').get(`secret:${credId}`) as { version: number; blob: Buffer };
}

/** Behind Keyhold's back: `target`'s secret row gets `source`'s sealed blob, its version column left as it is. */
function swapSecretBlob(path: string, target: string, source: string): void {
  withDb(path, (db) => {
    const from = secretRow(db, source);
    const to = secretRow(db, target);
    expect(to.version).toBe(from.version); // same version: only the authentication can tell
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(from.blob, `secret:${target}`);
  });
}

async function reopen(path: string, password = PASSWORD): Promise<Vault> {
  const v = Vault.open(path);
  await v.unlock(password, CLI);
  return v;
}

/** What the vault of every test holds (before the test changes it). */
const FIXTURE = {
  alpha: ['2*:value-alpha-2', '1:value-alpha'],
  beta: ['1*:value-beta'],
  gamma: ['1*:value-gamma'],
} satisfies Shown;

describe('value snapshot', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  let v: Vault;
  let ids: Record<string, string>;

  /** alpha (rotated once), beta, gamma live; delta in the trash. No snapshot yet. */
  beforeEach(async () => {
    t = tempDir();
    const made = await newVault(t.dir);
    path = made.path;
    v = made.vault;
    ids = {};
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) ids[name] = v.add({ name }, `value-${name}`, CLI).id;
    v.rotate('alpha', 'value-alpha-2', 'routine', CLI);
    v.trash('delta', CLI);
  });
  afterEach(() => {
    v.close();
    t.cleanup();
  });

  describe('is what a read uses while no credential changed', () => {
    it('one row is written; the next read returns the same values from it, not from the (now damaged) rows', async () => {
      expect(snapshotCount(path)).toBe(0);
      const first = readAll(v);
      expect(first).toEqual(FIXTURE);
      expect(snapshotCount(path)).toBe(1);
      const blob = snapshotBlob(path);
      expect(readAll(v)).toEqual(first);
      expect(snapshotBlob(path).equals(blob)).toBe(true); // used as it is, not written again

      swapSecretBlob(path, ids.beta!, ids.gamma!);
      expect(readAll(v)).toEqual(first); // beta's row no longer opens: only the snapshot still has it
      const report = v.verify();
      expect(report.ok).toBe(false);
      expect(report.failures.map((f) => f.id)).toEqual([`secret:${ids.beta}`]);
      expect(readAll(v)).toEqual(first);
      // Without the snapshot the same read leaves beta out: that is what the rows say.
      putSnapshot(path, Buffer.from('not a snapshot'));
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
    });

    it('still after closing and reopening the vault', async () => {
      const first = readAll(v);
      expect(first).toEqual(FIXTURE);
      v.close();
      swapSecretBlob(path, ids.gamma!, ids.beta!);
      v = await reopen(path);
      expect(snapshotCount(path)).toBe(1);
      expect(readAll(v)).toEqual(first);
      expect(v.verify().failures.map((f) => f.id)).toEqual([`secret:${ids.gamma}`]);
      v.close();
      v = await reopen(path);
      expect(readAll(v)).toEqual(first);
    });
  });

  it('two sessions on one file (the app and the CLI at once) each see the other\'s writes', async () => {
    const other = await reopen(path);
    try {
      expect(readAll(v)).toEqual(FIXTURE);
      other.rotate('beta', 'value-beta-2', 'from the other session', CLI);
      expect(snapshotCount(path)).toBe(0);
      const afterRotate = { ...FIXTURE, beta: ['2*:value-beta-2', '1:value-beta'] };
      expect(readAll(v)).toEqual(afterRotate);
      expect(readAll(other)).toEqual(afterRotate);
      v.trash('gamma', CLI);
      expect(readAll(other)).toEqual({ alpha: FIXTURE.alpha, beta: afterRotate.beta });
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, beta: afterRotate.beta });
      expect(snapshotCount(path)).toBe(1);
    } finally {
      other.close();
    }
  });

  describe('is deleted by every write that changes a credential', () => {
    const cases: { what: string; write: (v: Vault) => unknown | Promise<unknown>; after: Shown; password?: string }[] = [
      { what: 'add', write: (x) => x.add({ name: 'epsilon' }, 'value-epsilon', CLI), after: { ...FIXTURE, epsilon: ['1*:value-epsilon'] } },
      { what: 'edit (rename)', write: (x) => x.edit('beta', { name: 'beta-renamed' }, CLI), after: { alpha: FIXTURE.alpha, 'beta-renamed': ['1*:value-beta'], gamma: FIXTURE.gamma } },
      { what: 'rotate', write: (x) => x.rotate('gamma', 'value-gamma-2', 'test', CLI), after: { ...FIXTURE, gamma: ['2*:value-gamma-2', '1:value-gamma'] } },
      { what: 'trash', write: (x) => x.trash('gamma', CLI), after: { alpha: FIXTURE.alpha, beta: FIXTURE.beta } },
      { what: 'restore', write: (x) => x.restore('delta', CLI), after: { ...FIXTURE, delta: ['1*:value-delta'] } },
      {
        what: 'purge',
        write: (x) => {
          x.trash('beta', CLI);
          // Trashing alone already deleted it; read again so the purge has a snapshot to delete.
          expect(snapshotCount(path)).toBe(0);
          expect(readAll(x)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
          expect(snapshotCount(path)).toBe(1);
          x.purge('beta', CLI);
        },
        after: { alpha: FIXTURE.alpha, gamma: FIXTURE.gamma },
      },
      // The values do not carry the status: the snapshot goes all the same, the values stay.
      { what: 'setStatus', write: (x) => x.setStatus('beta', 'disabled', CLI), after: FIXTURE },
      {
        what: 'importMany',
        write: (x) => x.importMany([{
          input: { name: 'imported' }, value: 'value-imported-2',
          history: [{ value: 'value-imported-1', createdAt: '2024-01-01T00:00:00.000Z', replacedAt: '2024-06-01T00:00:00.000Z' }],
        }], 'test', CLI),
        after: { ...FIXTURE, imported: ['2*:value-imported-2', '1:value-imported-1'] },
      },
      {
        what: 'changePassword with rekey',
        write: (x) => x.changePassword(PASSWORD, 'a new password for the rekey', CLI, LOW_KDF, { rekey: true }),
        after: FIXTURE, password: 'a new password for the rekey',
      },
    ];

    for (const c of cases) {
      it(c.what, async () => {
        expect(readAll(v)).toEqual(FIXTURE);
        expect(snapshotCount(path)).toBe(1);
        await c.write(v);
        expect(snapshotCount(path)).toBe(0);
        expect(readAll(v)).toEqual(c.after);
        expect(snapshotCount(path)).toBe(1);
        // The new snapshot is read back as the same values, here and after reopening.
        expect(readAll(v)).toEqual(c.after);
        v.close();
        v = await reopen(path, c.password);
        expect(readAll(v)).toEqual(c.after);
        expect(v.verify()).toMatchObject({ ok: true, failures: [] });
      });
    }
  });

  describe('is kept by writes that change no credential', () => {
    const cases: { what: string; write: (v: Vault) => unknown | Promise<unknown> }[] = [
      { what: 'putDoc of a setting', write: (x) => x.putDoc('setting', 'scan', { ignore: ['*.log'] }) },
      { what: 'record(...)', write: (x) => x.record('settings.change', CLI, { detail: 'test' }) },
      { what: 'changePassword without rekey', write: (x) => x.changePassword(PASSWORD, 'another password, no rekey', CLI, LOW_KDF) },
    ];
    for (const c of cases) {
      it(c.what, async () => {
        expect(readAll(v)).toEqual(FIXTURE);
        const blob = snapshotBlob(path);
        await c.write(v);
        expect(snapshotBlob(path).equals(blob)).toBe(true);
        // And it is still the one used: a damaged row does not show through it.
        swapSecretBlob(path, ids.beta!, ids.gamma!);
        expect(readAll(v)).toEqual(FIXTURE);
      });
    }
  });

  describe('is ignored and rebuilt when it cannot be trusted', () => {
    /** Reads (making the snapshot), puts `bad` in its place, and checks the next reads are right. */
    function rejects(bad: Buffer, expected: Shown = FIXTURE): void {
      putSnapshot(path, bad);
      expect(readAll(v)).toEqual(expected);
      const rebuilt = snapshotBlob(path);
      expect(rebuilt.equals(bad)).toBe(false);
      expect(readAll(v)).toEqual(expected);
      expect(snapshotBlob(path).equals(rebuilt)).toBe(true);
    }

    it('a byte flipped anywhere in it', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const blob = snapshotBlob(path);
      for (const pos of [0, 1, 12, 20, Math.floor(blob.length / 2), blob.length - 17, blob.length - 1]) {
        const bad = Buffer.from(blob);
        bad[pos]! ^= 0x01;
        rejects(bad);
      }
    });

    it('an older snapshot put back after a rotate', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const old = snapshotBlob(path);
      v.rotate('beta', 'value-beta-2', 'test', CLI);
      const after = { ...FIXTURE, beta: ['2*:value-beta-2', '1:value-beta'] };
      expect(readAll(v)).toEqual(after);
      rejects(old, after);
    });

    it('an older snapshot put back after a trash', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      const old = snapshotBlob(path);
      v.trash('alpha', CLI);
      rejects(old, { beta: FIXTURE.beta, gamma: FIXTURE.gamma });
    });

    it("another vault's snapshot copied in", async () => {
      const other = tempDir();
      try {
        const b = await newVault(other.dir);
        b.vault.add({ name: 'alpha' }, 'from-the-other-vault', CLI);
        b.vault.add({ name: 'intruder' }, 'value-intruder', CLI);
        expect(readAll(b.vault)).toEqual({ alpha: ['1*:from-the-other-vault'], intruder: ['1*:value-intruder'] });
        const foreign = snapshotBlob(b.path);
        b.vault.close();
        expect(readAll(v)).toEqual(FIXTURE);
        rejects(foreign);
      } finally {
        other.cleanup();
      }
    });

    it('garbage bytes', () => {
      expect(readAll(v)).toEqual(FIXTURE);
      for (const bad of [Buffer.alloc(0), Buffer.from([1]), Buffer.alloc(28), Buffer.alloc(64, 0xff), randomBytes(29), randomBytes(4096)]) rejects(bad);
    });
  });

  describe('is not written while a row is damaged', () => {
    it('a damaged secret row: that credential is left out, the healthy ones read from the rows at every read', () => {
      swapSecretBlob(path, ids.beta!, ids.gamma!);
      const healthy = { alpha: FIXTURE.alpha, gamma: FIXTURE.gamma };
      expect(readAll(v)).toEqual(healthy);
      expect(snapshotCount(path)).toBe(0);
      expect(readAll(v)).toEqual(healthy);
      expect(snapshotCount(path)).toBe(0);
      // Still the rows: damaging another one shows at once.
      withDb(path, (db) => {
        const row = secretRow(db, ids.alpha!);
        const bad = Buffer.from(row.blob);
        bad[bad.length - 1]! ^= 0x01;
        db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(bad, `secret:${ids.alpha}`);
      });
      expect(readAll(v)).toEqual({ gamma: FIXTURE.gamma });
      expect(snapshotCount(path)).toBe(0);
    });

    it('a damaged credential row: left out, and no snapshot', () => {
      withDb(path, (db) => {
        const row = db.prepare('SELECT blob FROM records WHERE id = ?').get(ids.gamma) as { blob: Buffer };
        const bad = Buffer.from(row.blob);
        bad[bad.length - 1]! ^= 0x01;
        db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(bad, ids.gamma);
      });
      expect(v.damaged().map((d) => d.id)).toEqual([ids.gamma]);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, beta: FIXTURE.beta });
      expect(snapshotCount(path)).toBe(0);
    });
  });

  describe('does not outlive a purge', () => {
    /** Every 32-byte slice of `blob` that occurs in the vault file or its WAL. */
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
      const withBeta = snapshotBlob(path); // sealed beta's value
      expect(withBeta.length).toBeGreaterThan(64);
      v.close();
      // The check finds a snapshot while it is there.
      expect(slicesOnDisk(withBeta)).toBe(withBeta.length - 31);

      v = await reopen(path);
      v.trash('beta', CLI);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
      const withoutBeta = snapshotBlob(path);
      v.close();
      expect(slicesOnDisk(withoutBeta)).toBe(withoutBeta.length - 31);

      v = await reopen(path);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
      expect(snapshotBlob(path).equals(withoutBeta)).toBe(true);
      v.purge('beta', CLI);
      expect(snapshotCount(path)).toBe(0);
      v.close();
      expect(slicesOnDisk(withBeta)).toBe(0);
      expect(slicesOnDisk(withoutBeta)).toBe(0);
      v = await reopen(path);
      expect(readAll(v)).toEqual({ alpha: FIXTURE.alpha, gamma: FIXTURE.gamma });
    });
  });
});
