// readAllValues (the leak scan's and health report's bulk read, one query for every secret row):
// every live credential's current and previous values; trashed ones left out; a secret row that
// was damaged, swapped or deleted behind Keyhold's back is skipped, the others still read (the
// value snapshot that speeds up later reads is tested in value-snapshot.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, newVault, tempDir } from './helpers.ts';

const shown = (versions: { valueVersion: number; current: boolean; value: string }[]) => versions.map((x) => `${x.valueVersion}${x.current ? '*' : ''}:${x.value}`);

/** readAllValues, by name. */
function values(v: Vault): Record<string, string[]> {
  return Object.fromEntries(v.readAllValues('scan', CLI).map((s) => [s.name, shown(s.versions)]));
}

describe('readAllValues', () => {
  let t: ReturnType<typeof tempDir>;
  let path: string;
  let ids: Record<string, string>;
  beforeEach(async () => {
    t = tempDir();
    const made = await newVault(t.dir);
    path = made.path;
    const v = made.vault;
    ids = {};
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) ids[name] = v.add({ name }, `value-${name}`, CLI).id;
    v.rotate('alpha', 'value-alpha-2', 'routine', CLI);
    v.trash('delta', CLI);
    v.close();
  });
  afterEach(() => t.cleanup());

  async function reopened(): Promise<Vault> {
    const v = Vault.open(path);
    await v.unlock(PASSWORD, CLI);
    return v;
  }

  it('reads every live value, current and previous, and leaves trashed credentials out', async () => {
    const v = await reopened();
    expect(values(v)).toEqual({ alpha: ['2*:value-alpha-2', '1:value-alpha'], beta: ['1*:value-beta'], gamma: ['1*:value-gamma'] });
    v.close();
  });

  it('skips a damaged, swapped or deleted secret row and still reads the others', async () => {
    const db = new Database(path);
    const blob = (id: string) => (db.prepare('SELECT blob FROM records WHERE id = ?').get(`secret:${id}`) as { blob: Buffer }).blob;
    const damaged = Buffer.from(blob(ids.alpha!));
    damaged[damaged.length - 1]! ^= 1;
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(damaged, `secret:${ids.alpha}`);
    db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(blob(ids.gamma!), `secret:${ids.beta}`); // beta's row now holds gamma's sealed value
    db.close();
    let v = await reopened();
    expect(values(v)).toEqual({ gamma: ['1*:value-gamma'] });
    v.close();

    const db2 = new Database(path);
    db2.prepare('DELETE FROM records WHERE id = ?').run(`secret:${ids.gamma}`);
    db2.close();
    v = await reopened();
    // The read above made gamma's bucket snapshot: it still gives the value as sealed at this
    // bucket version, while verify reports the deleted row.
    expect(values(v)).toEqual({ gamma: ['1*:value-gamma'] });
    expect(v.verify().failures.map((f) => f.id)).toContain(`secret:${ids.gamma}`);
    v.close();

    // Without snapshots the rows are read, and the deleted one is skipped too.
    const db3 = new Database(path);
    db3.prepare('DELETE FROM snapshots').run();
    db3.close();
    v = await reopened();
    expect(values(v)).toEqual({});
    v.close();
  });
});
