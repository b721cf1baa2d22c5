// The scan's sealed bulk read: the vault hands out its value rows still sealed, and the scan opens
// them on two threads. It must find exactly what readAllValues gives (trashed and damaged
// credentials left out, old versions in), audit the read once, and zero every key copy.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/index.ts';
import { isSealedValues, sliceSealed, type SealedValues } from '../../electron/vault/bulk-open.ts';
import { recordAad, recordAadEncoder } from '../../electron/vault/aead.ts';
import { buildNeedles, expandNeedles, formsOf, isCompactNeedles, NeedleBuilder, MIN_NEEDLE_BYTES } from '../../electron/scan/needles.ts';
import { mergeSealedNeedles, sealedNames, sealedNeedles } from '../../electron/scan/sealed-needles.ts';
import { readValuesForScan, Scan, type ScanRequest } from '../../electron/scan/scan.ts';
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

describe('sealed bulk read', () => {
  it('opens to the same values and names as readAllValues: old versions in, trashed and damaged out', async () => {
    const vault = await openVault();
    try {
      const expected = vault.readAllValues('scan', CLI);
      const set = vault.sealedValues('scan', CLI);
      expect(isSealedValues(set)).toBe(true);
      const part = sealedNeedles(set);
      const names = await sealedNames(set);
      // Live (named) with readable values (a damaged secret row opens to none).
      const got = set.ids.flatMap((id, i) => (names[i] !== null && part.versions[i]! > 0 ? [{ id, name: names[i]!, versions: part.versions[i]! }] : []));
      expect(got.map((c) => [c.name, c.versions]).sort()).toEqual(expected.map((c) => [c.name, c.versions.length]).sort());
      expect(names[set.ids.indexOf(ids.trashed!)]).toBeNull();
      expect(names[set.ids.indexOf(ids['broken-meta']!)]).toBeNull();
      const reference = buildNeedles(expected);
      const forms = (owners: { credentialId: string; valueVersion: number; form: string }[]) => owners.map((o) => `${o.credentialId}:${o.valueVersion}:${o.form}`).sort();
      const live = new Set(got.map((c) => c.id));
      const owners = expandNeedles(part.needles, (i) => ({ credentialId: set.ids[i]!, name: '' })).owners;
      expect(forms(owners.filter((o) => live.has(o.credentialId)))).toEqual(forms(reference.owners));
      set.key.fill(0);
    } finally {
      vault.close();
    }
  });

  it('the scan reports live values only, counts them like readAllValues, audits the read once and zeroes the key', async () => {
    // Workers given the first part while the rest is read, workers given a part when opening, no workers.
    for (const [threads, early] of [[2, true], [2, false], [0, true]] as const) {
      const vault = await openVault();
      try {
        const reference = vault.readAllValues('scan', CLI);
        const before = vault.audit({ action: 'scan' }).length;
        const scan = new Scan(request(threads));
        const values = readValuesForScan(vault, CLI, early ? scan : undefined) as SealedValues;
        expect(Array.isArray(values)).toBe(false);
        expect(vault.audit({ action: 'scan' })).toHaveLength(before + 1);
        const result = await scan.finish(values);
        expect(values.key.every((b) => b === 0)).toBe(true);
        expect(result.hits.map((h) => [h.name, h.line, h.form, h.current])).toEqual([
          ['live', 1, 'raw', true],
          ['rotated', 2, 'raw', false],
          ['rotated', 3, 'raw', true],
          ['live', 7, 'base64', true],
        ]);
        // The trashed Stripe-shaped value is not a stored value any more: only its format is reported.
        expect(result.patterns.map((p) => [p.label, p.line])).toEqual([[expect.stringContaining('Stripe'), 4]]);
        expect(result.stats.values).toBe(reference.reduce((n, c) => n + c.versions.length, 0));
        expect(result.stats.shortValues).toBe(1);
        expect(JSON.stringify(result)).not.toContain(LIVE);
      } finally {
        vault.close();
      }
    }
  }, 60_000);

  it('a slice is a sealed set of its own, and malformed sets are refused', async () => {
    const vault = await openVault();
    try {
      const set = vault.sealedValues('scan', CLI);
      const n = set.ids.length;
      const parts = [sliceSealed(set, 0, 2), sliceSealed(set, 2, n)];
      for (const p of parts) expect(isSealedValues(p)).toBe(true);
      const whole = sealedNeedles(set).needles;
      const joined = mergeSealedNeedles(parts.map((p) => sealedNeedles(p))).needles;
      expect(Array.from(joined.cred)).toEqual(Array.from(whole.cred)); // numbered across the parts
      expect(Buffer.from(joined.bytes).equals(Buffer.from(whole.bytes))).toBe(true);
      expect(Array.from(joined.starts)).toEqual(Array.from(whole.starts));
      expect(isSealedValues({ ...set, key: new Uint8Array(16) })).toBe(false);
      expect(isSealedValues({ ...set, ends: set.ends.map((e, i) => (i === 0 ? set.blobs.length + 1 : e)) })).toBe(false);
      expect(isSealedValues({ ...set, ids: set.ids.slice(1) })).toBe(false);
      expect(isCompactNeedles(whole, n)).toBe(true);
      expect(isCompactNeedles(whole, 1)).toBe(false); // owners beyond the credentials it was given
      expect(isCompactNeedles({ ...whole, starts: whole.starts.slice(1) }, n)).toBe(false);
      expect(isCompactNeedles({ ...whole, flags: whole.flags.map((f, i) => (i === 0 ? 7 : f)) }, n)).toBe(false);
      expect(isCompactNeedles({ ...whole, version: whole.version.slice(1) }, n)).toBe(false);
      for (const s of [set, ...parts]) s.key.fill(0);
    } finally {
      vault.close();
    }
  });
});

describe('needle bytes written in place', () => {
  it('match formsOf for any value: ASCII, UTF-8, URL-unsafe, repetitive, short', () => {
    const samples = ['A'.repeat(40), 'sk_live_ü€ /+=&?abcdef', 'x'.repeat(MIN_NEEDLE_BYTES - 1), 'ghp_0123456789abcdefghijklmnopqrstuvwxyz', '\u{1F511}key-with-emoji-0123', 'a+b/c=d%e f'];
    for (let i = 0; i < 200; i++) samples.push(Buffer.from(Array.from({ length: 8 + (i % 50) }, (_, k) => 32 + ((i * 31 + k * 17) % 95))).toString('latin1'));
    for (const value of samples) {
      const b = new NeedleBuilder();
      b.add(0, 1, true, value);
      const set = expandNeedles(b.finish(), () => ({ credentialId: 'c', name: 'n' }));
      const got = set.owners.map((o, k) => `${o.form}:${Buffer.from(set.bytes.subarray(set.starts[k], set.starts[k + 1])).toString('hex')}`);
      const want = Buffer.byteLength(value) < MIN_NEEDLE_BYTES ? [] : formsOf(value).map((f) => `${f.form}:${f.bytes.toString('hex')}`);
      expect(got, value).toEqual(want);
    }
  });

  it('record AAD encoded once per vault is byte for byte recordAad', () => {
    const encode = recordAadEncoder('vault-é-1');
    for (const [id, kind, version] of [['abc', 'secret', 1], ['secret:ü€', 'credential', 123456], ['', '', 0]] as const) {
      expect(encode(id, kind, version).equals(recordAad('vault-é-1', id, kind, version))).toBe(true);
    }
  });
});
