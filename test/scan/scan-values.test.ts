// What the scan looks for: every live credential's values as readAllValues gives them (trashed
// and damaged credentials left out, old versions in), read once and audited once; and the
// needles NeedleBuilder writes in place are exactly the forms formsOf() describes.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/index.ts';
import { expandNeedles, formsOf, NeedleBuilder, MIN_NEEDLE_BYTES } from '../../electron/scan/needles.ts';
import { Scan, type ScanRequest } from '../../electron/scan/scan.ts';
import { CLI, LOW_KDF, PASSWORD, tempDir } from '../vault/helpers.ts';

const LIVE = 'live-value-0123456789-abcdefghijklmnop';
const OLD = 'old-value-0123456789-abcdefghijklmnopq';
const ROTATED = 'rotated-value-0123456789-abcdefghijkl';
const TRASHED = 'sk_live_' + 'T'.repeat(28);
const BROKEN_SECRET = 'broken-secret-0123456789-abcdefghijk';
const BROKEN_META = 'broken-meta-0123456789-abcdefghijklmn';
const SHORT = 'tiny';

let dir: { dir: string; cleanup: () => void };
let vaultPath: string;
let tree: string;
const ids: Record<string, string> = {};

async function openVault(): Promise<Vault> {
  const vault = Vault.open(vaultPath, { allowInsecureKdf: true });
  await vault.unlock(PASSWORD, CLI);
  return vault;
}

/** Flips one byte in the middle of a record's sealed blob, behind the vault's back. */
function damage(id: string): void {
  const db = new Database(vaultPath);
  const row = db.prepare('SELECT blob FROM records WHERE id = ?').get(id) as { blob: Buffer };
  row.blob[Math.floor(row.blob.length / 2)]! ^= 0xff;
  db.prepare('UPDATE records SET blob = ? WHERE id = ?').run(row.blob, id);
  db.close();
}

function request(threads: number): ScanRequest {
  return { paths: [tree], gitHistory: false, staged: false, home: false, includeIgnored: false, cwd: dir.dir, homeDir: dir.dir, threads };
}

beforeAll(async () => {
  dir = tempDir();
  vaultPath = path.join(dir.dir, 'vault.keyhold');
  const vault = await Vault.create(vaultPath, PASSWORD, { kdf: LOW_KDF, allowInsecureKdf: true, origin: CLI });
  for (const [name, value] of [['live', LIVE], ['rotated', OLD], ['trashed', TRASHED], ['broken-secret', BROKEN_SECRET], ['broken-meta', BROKEN_META], ['short', SHORT]] as const) {
    ids[name] = vault.add({ name }, value, CLI).id;
  }
  vault.rotate('rotated', ROTATED, 'test', CLI);
  vault.trash('trashed', CLI);
  vault.close();
  damage(`secret:${ids['broken-secret']}`);
  damage(ids['broken-meta']!);
  tree = path.join(dir.dir, 'tree');
  fs.mkdirSync(tree);
  const lines = [LIVE, OLD, ROTATED, `STRIPE=${TRASHED}`, BROKEN_SECRET, BROKEN_META, Buffer.from(LIVE).toString('base64')];
  fs.writeFileSync(path.join(tree, 'leaks.txt'), lines.join('\n') + '\n');
}, 120_000);
afterAll(() => dir.cleanup());

describe('the values a scan looks for', () => {
  it('are the live values only, counted like readAllValues, read and audited once', async () => {
    // Two workers, and none (the desktop app scans in its main process).
    for (const threads of [2, 0]) {
      const vault = await openVault();
      try {
        const before = vault.audit({ action: 'scan' }).length;
        const scan = new Scan(request(threads));
        const values = vault.readAllValues('scan', CLI);
        expect(vault.audit({ action: 'scan' })).toHaveLength(before + 1);
        expect(values.map((v) => v.name).sort()).toEqual(['live', 'rotated', 'short']);
        const counted = values.reduce((n, c) => n + c.versions.length, 0);
        const result = await scan.finish(values);
        expect(result.hits.map((h) => [h.name, h.line, h.form, h.current])).toEqual([
          ['live', 1, 'raw', true],
          ['rotated', 2, 'raw', false],
          ['rotated', 3, 'raw', true],
          ['live', 7, 'base64', true],
        ]);
        // The trashed Stripe-shaped value is not a stored value any more: only its format is reported.
        expect(result.patterns.map((p) => [p.label, p.line])).toEqual([[expect.stringContaining('Stripe'), 4]]);
        expect(result.stats.values).toBe(counted);
        expect(result.stats.shortValues).toBe(1);
        expect(JSON.stringify(result)).not.toContain(LIVE);
      } finally {
        vault.close();
      }
    }
  }, 60_000);
});

describe('needle bytes written in place', () => {
  it('match formsOf for any value: ASCII, UTF-8, URL-unsafe, repetitive, short', () => {
    const samples = ['A'.repeat(40), 'sk_live_ü€ /+=&?abcdef', 'x'.repeat(MIN_NEEDLE_BYTES - 1), 'ghp_0123456789abcdefghijklmnopqrstuvwxyz', '\u{1F511}key-with-emoji-0123', 'a+b/c=d%e f'];
    for (let i = 0; i < 200; i++) samples.push(Buffer.from(Array.from({ length: 8 + (i % 50) }, (_, k) => 32 + ((i * 31 + k * 17) % 95))).toString('latin1'));
    for (const value of samples) {
      const b = new NeedleBuilder();
      b.add(0, 1, true, value);
      const set = expandNeedles(b.finish(), () => ({ credentialId: 'c', name: 'n' }));
      const got = Array.from({ length: set.starts.length - 1 }, (_, k) => `${set.owner(k).form}:${Buffer.from(set.bytes.subarray(set.starts[k], set.starts[k + 1])).toString('hex')}`);
      const want = Buffer.byteLength(value) < MIN_NEEDLE_BYTES ? [] : formsOf(value).map((f) => `${f.form}:${f.bytes.toString('hex')}`);
      expect(got, value).toEqual(want);
    }
  });

});
