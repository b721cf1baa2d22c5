// One write transaction per CLI command: `keyhold get` used to commit its unlock, its read and its
// lock separately (an fsync each). Now a command that unlocks commits twice: the unlock throttle
// counts the attempt before Argon2 runs (it must be on disk before the password is tried, so
// parallel guesses cannot outrun it), then the command's one transaction clears it and writes
// the unlock, read and lock entries together. Counted from the WAL file: every commit ends with a frame whose
// "database size after commit" field is non-zero. A reader transaction held open by the test keeps
// SQLite from restarting the WAL while the command runs, so no commit frame is overwritten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { makeVault, removeDir, type TestVault } from './helpers.ts';

/** Commit frames of the current WAL generation (frames whose salts match the WAL header). */
function commitFrames(walPath: string): number {
  if (!fs.existsSync(walPath)) return 0;
  const wal = fs.readFileSync(walPath);
  if (wal.length < 32) return 0;
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  let commits = 0;
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) {
    if (wal.readUInt32BE(off + 8) !== salt1 || wal.readUInt32BE(off + 12) !== salt2) break;
    if (wal.readUInt32BE(off + 4) !== 0) commits++;
  }
  return commits;
}

describe('CLI commands commit once', () => {
  let tv: TestVault;
  let reader: Database.Database;
  beforeEach(async () => {
    tv = await makeVault();
    const add = await tv.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_live_value' });
    expect(add.code).toBe(0);
    reader = new Database(tv.vault, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM records').get();
  });
  afterEach(() => {
    reader?.prepare('COMMIT').run();
    reader?.close();
    removeDir(tv.dir);
  });

  async function commitsOf(args: string[]): Promise<{ commits: number; code: number; stdout: string }> {
    const before = commitFrames(`${tv.vault}-wal`);
    const r = await tv.kh(args);
    return { commits: commitFrames(`${tv.vault}-wal`) - before, code: r.code, stdout: r.stdout };
  }

  /** The attempt counted before Argon2, and the command itself. */
  const ONE_COMMAND = 2;

  it('get: unlock, read and lock are one commit, and all three are audited', async () => {
    const r = await commitsOf(['get', 'stripe/prod']);
    expect(r).toMatchObject({ code: 0, stdout: 'sk_live_value', commits: ONE_COMMAND });
    const audit = await tv.kh(['audit', '--json']);
    const actions = (JSON.parse(audit.stdout) as { action: string }[]).map((e) => e.action);
    expect(actions.slice(-3)).toEqual(['unlock', 'get', 'lock']);
  });

  it('show and ls are one commit each', async () => {
    expect(await commitsOf(['show', 'stripe/prod'])).toMatchObject({ code: 0, commits: ONE_COMMAND });
    expect(await commitsOf(['ls'])).toMatchObject({ code: 0, commits: ONE_COMMAND });
  });

  it('a refused get is still audited, in one commit', async () => {
    expect((await tv.kh(['disable', 'stripe/prod'])).code).toBe(0);
    const r = await commitsOf(['get', 'stripe/prod']);
    expect(r.code).not.toBe(0);
    expect(r.commits).toBe(ONE_COMMAND);
    const audit = JSON.parse((await tv.kh(['audit', '--json'])).stdout) as { action: string; result: string }[];
    expect(audit.filter((e) => e.action === 'get').at(-1)?.result).toBe('denied');
  });
});
