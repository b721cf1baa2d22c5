// `keyhold scan` and `keyhold health` through the real CLI around a rotation, with the value
// snapshots (value-snapshot.ts) in play: both read the values through them (readAllValues), a
// rotation must delete its bucket's snapshot, and both then report what the rows say: the new
// value as current, the old one as an old version, never a stale one.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf } from '../../electron/vault/manifest.ts';
import { CRED_KIND } from '../../electron/vault/row-kinds.ts';
import { makeVault, removeDir, type TestVault } from '../cli/helpers.ts';

const FIRST = 'sk_live_51FirstValueOfStripeAbcdefghijklmnop';
const SECOND = 'sk_live_51SecondValueOfStripeQrstuvwxyz0123';
const GITHUB = 'ghp_SnapshotTestToken0123456789abcdefghij';
/** Weak on purpose: health must flag it as soon as it is the current value. */
const WEAK = 'password123';

let tv: TestVault;

function query<T>(sql: string): T[] {
  const db = new Database(tv.vault, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** The value snapshots present (one per credential bucket once a bulk read made them). */
function snapshotNames(): string[] {
  return query<{ name: string }>('SELECT name FROM snapshots ORDER BY name').map((r) => r.name);
}

function credentialBuckets(): string[] {
  return query<{ bucket: string }>("SELECT bucket FROM manifest WHERE bucket LIKE 'c:%' ORDER BY bucket").map((r) => r.bucket);
}

/** The bucket of the credential named `name`, from `keyhold show --json`. */
async function bucketOfName(name: string): Promise<string> {
  const r = await tv.kh(['show', name, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const id = (JSON.parse(r.stdout) as { id: string }).id;
  return bucketOf(CRED_KIND, id)!;
}

interface ScanHit { credential: string; file: string; line: number; current: boolean; valueVersion: number }
interface HealthFinding { kind: string; credentialName: string | null }

async function scan(tree: string): Promise<ScanHit[]> {
  const r = await tv.kh(['scan', tree, '--json']);
  expect(r.code, r.stderr).toBe(20); // 20: stored values found
  for (const v of [FIRST, SECOND, GITHUB]) expect(r.stdout + r.stderr).not.toContain(v);
  const hits = (JSON.parse(r.stdout) as { hits: ScanHit[] }).hits;
  return hits.map((h) => ({ credential: h.credential, file: path.relative(tree, h.file), line: h.line, current: h.current, valueVersion: h.valueVersion }));
}

/** Health's value findings (weak, duplicate): the ones it computes from readAllValues. */
async function valueFindings(): Promise<[string, string | null][]> {
  const r = await tv.kh(['health', '--json']);
  expect(r.stdout, r.stderr).not.toBe('');
  for (const v of [FIRST, SECOND, GITHUB, WEAK]) expect(r.stdout + r.stderr).not.toContain(v);
  const findings = (JSON.parse(r.stdout) as { findings: HealthFinding[] }).findings;
  return findings.filter((f) => f.kind === 'weak-value' || f.kind === 'duplicate-value').map((f): [string, string | null] => [f.kind, f.credentialName]).sort();
}

beforeAll(async () => {
  tv = await makeVault();
  for (const [name, value] of [['stripe/prod', FIRST], ['github/ci', GITHUB]] as const) {
    const r = await tv.kh(['add', name, '--value-stdin'], { input: value });
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => removeDir(tv.dir));

describe('scan and health around a rotation, with the value snapshot', () => {
  it('report the new value as current and the old one as an old version, as the rows say', async () => {
    const tree = fs.mkdtempSync(path.join(tv.dir, 'tree-'));
    fs.writeFileSync(path.join(tree, 'old.env'), `# before the rotation\nSTRIPE_KEY=${FIRST}\n`);

    expect(await scan(tree)).toEqual([{ credential: 'stripe/prod', file: 'old.env', line: 2, current: true, valueVersion: 1 }]);
    expect(snapshotNames()).toEqual(credentialBuckets()); // the scan read the values and sealed them
    expect(await scan(tree)).toEqual([{ credential: 'stripe/prod', file: 'old.env', line: 2, current: true, valueVersion: 1 }]);
    expect(await valueFindings()).toEqual([]);
    const stripeBucket = await bucketOfName('stripe/prod');
    const githubBucket = await bucketOfName('github/ci');

    const rotated = await tv.kh(['rotate', 'stripe/prod', '--value-stdin', '--reason', 'test'], { input: SECOND });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(snapshotNames()).toEqual(credentialBuckets().filter((b) => b !== stripeBucket));
    fs.writeFileSync(path.join(tree, 'new.js'), `const stripe = "${SECOND}";\n`);

    const afterRotate = [
      { credential: 'stripe/prod', file: 'new.js', line: 1, current: true, valueVersion: 2 },
      { credential: 'stripe/prod', file: 'old.env', line: 2, current: false, valueVersion: 1 },
    ];
    expect(await scan(tree)).toEqual(afterRotate);
    expect(snapshotNames()).toEqual(credentialBuckets()); // rebuilt from the rows
    expect(await scan(tree)).toEqual(afterRotate); // and read back the same
    const text = await tv.kh(['scan', tree], { cwd: tree });
    expect(text.stdout).toContain('FOUND stripe/prod (current value) at new.js:1');
    expect(text.stdout).toContain('FOUND stripe/prod (old value, version 1) at old.env:2');

    // Health reads through the same snapshot, and a later rotation shows in it at once.
    expect(await valueFindings()).toEqual([]);
    const weak = await tv.kh(['rotate', 'github/ci', '--value-stdin', '--reason', 'test'], { input: WEAK });
    expect(weak.code, weak.stderr).toBe(0);
    expect(snapshotNames()).toEqual(credentialBuckets().filter((b) => b !== githubBucket));
    expect(await valueFindings()).toEqual([['weak-value', 'github/ci']]);
    expect(snapshotNames()).toEqual(credentialBuckets());
    const same = await tv.kh(['rotate', 'github/ci', '--value-stdin', '--reason', 'test'], { input: SECOND });
    expect(same.code, same.stderr).toBe(0);
    expect(await valueFindings()).toEqual([['duplicate-value', 'github/ci'], ['duplicate-value', 'stripe/prod']]);
  }, 180_000);
});
