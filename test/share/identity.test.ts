import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityToRecipient } from 'age-encryption';
import { Vault } from '../../electron/vault/index.ts';
import { bech32Decode, bech32Encode } from '../../electron/share/bech32.ts';
import { canonicalJson } from '../../electron/share/canonical.ts';
import {
  addContact, exportAgeIdentity, fingerprintOf, getIdentity, listContacts, normalizeFingerprint, parseDuration, parseIdentityLine, removeContact,
} from '../../electron/share/index.ts';
import { ageSecretOf, codeOf, ORIGIN, PASSWORD, person, tempDir, TestClock, type Person } from './helpers.ts';

// Alice and Bob: two fresh vaults for every test of identities and contacts.
describe('two vaults', () => {
  let t: ReturnType<typeof tempDir>;
  let alice: Person;
  let bob: Person;
  const clock = new TestClock();
  beforeEach(async () => {
    t = tempDir();
    alice = await person(t.dir, 'alice', clock);
    bob = await person(t.dir, 'bob', clock);
  });
  afterEach(() => {
    alice.vault.close();
    bob.vault.close();
    t.cleanup();
  });

  describe('identity', () => {
    it('is one line with an age recipient and a signing key, stable and sealed in the vault', async () => {
      const id = getIdentity(alice.vault, alice.env);
      expect(id.line).toMatch(/^keyhold-id1:age1[02-9ac-hj-np-z]{58}:[A-Za-z0-9_-]{43}$/);
      expect(id.fingerprint).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
      expect(id.fingerprint).toBe(fingerprintOf(id.line));
      expect(getIdentity(alice.vault)).toEqual(id);
      expect(getIdentity(bob.vault).line).not.toBe(id.line);
      // Survives closing and reopening, and is readable only unlocked.
      alice.vault.close();
      const again = Vault.open(alice.path);
      expect(await codeOf(() => getIdentity(again))).toMatchObject({ code: 'LOCKED' });
      await again.unlock(PASSWORD, ORIGIN);
      expect(getIdentity(again)).toEqual(id);
      alice.vault = again;
    });

    it("has an age recipient that age-encryption derives from the same secret", async () => {
      const secret = ageSecretOf(alice);
      const recipient = parseIdentityLine(getIdentity(alice.vault).line).ageRecipient;
      expect(await identityToRecipient(secret)).toBe(recipient);
    });

    it('exports the age secret as an identity file and audits it', () => {
      const text = exportAgeIdentity(alice.vault, ORIGIN);
      expect(text).toContain(ageSecretOf(alice));
      expect(text.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual([ageSecretOf(alice)]);
      expect(alice.vault.audit({ action: 'identity.export' })).toHaveLength(1);
    });

    it('refuses malformed identity lines, each with its own message', async () => {
      const line = getIdentity(alice.vault).line;
      const [, rec, sig] = line.split(':') as [string, string, string];
      const garbage = await codeOf(() => parseIdentityLine('hello'));
      const wrongPrefix = await codeOf(() => parseIdentityLine(`keyhold-id9:${rec}:${sig}`));
      const flipped = rec.slice(0, 10) + (rec[10] === 'q' ? 'p' : 'q') + rec.slice(11);
      const badRecipient = await codeOf(() => parseIdentityLine(`keyhold-id1:${flipped}:${sig}`));
      const badKey = await codeOf(() => parseIdentityLine(`keyhold-id1:${rec}:${sig.slice(1)}`));
      for (const r of [garbage, wrongPrefix, badRecipient, badKey]) expect(r.code).toBe('INVALID_INPUT');
      expect(garbage.message).toBe(wrongPrefix.message);
      expect(new Set([garbage.message, badRecipient.message, badKey.message]).size).toBe(3);
      // Surrounding whitespace from a paste is fine.
      expect(parseIdentityLine(`  ${line}\n`).line).toBe(line);
    });

    it('normalizes fingerprints as people type them', () => {
      const fp = getIdentity(alice.vault).fingerprint;
      expect(normalizeFingerprint(fp.toLowerCase().replace(/-/g, ''))).toBe(fp);
      expect(normalizeFingerprint(fp.replace(/-/g, ' '))).toBe(fp);
    });
  });

  describe('contacts', () => {

    it('adds, lists and removes contacts, with audit records', async () => {
      const bobId = getIdentity(bob.vault);
      const c = addContact(alice.vault, 'bob', bobId.line, ORIGIN, alice.env);
      expect(c).toEqual({ name: 'bob', line: bobId.line, fingerprint: bobId.fingerprint, addedAt: new Date(clock.t).toISOString() });
      expect(listContacts(alice.vault)).toEqual([c]);
      expect((await codeOf(() => addContact(alice.vault, 'bob', bobId.line, ORIGIN))).code).toBe('ALREADY_EXISTS');
      expect((await codeOf(() => addContact(alice.vault, 'bobby', bobId.line, ORIGIN))).message).toContain("named 'bob'");
      expect((await codeOf(() => addContact(alice.vault, 'me', getIdentity(alice.vault).line, ORIGIN))).code).toBe('INVALID_INPUT');
      expect((await codeOf(() => addContact(alice.vault, 'bad name!', bobId.line, ORIGIN))).code).toBe('INVALID_INPUT');
      expect((await codeOf(() => addContact(alice.vault, 'x', 'not a line', ORIGIN))).code).toBe('INVALID_INPUT');
      removeContact(alice.vault, 'bob', ORIGIN);
      expect(listContacts(alice.vault)).toEqual([]);
      expect((await codeOf(() => removeContact(alice.vault, 'bob', ORIGIN))).code).toBe('NOT_FOUND');
      expect(alice.vault.audit({ action: 'contact.add' })).toHaveLength(1);
      expect(alice.vault.audit({ action: 'contact.remove' })).toHaveLength(1);
    });
  });
});

describe('helpers', () => {
  it('bech32 round-trips and rejects a damaged checksum', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const s = bech32Encode('age', bytes);
    expect(bech32Decode(s)).toEqual({ hrp: 'age', bytes });
    expect(bech32Decode(s.slice(0, -1) + (s.endsWith('q') ? 'p' : 'q'))).toBeNull();
    expect(bech32Decode(s.toUpperCase())?.bytes).toEqual(bytes);
  });

  it('canonical JSON sorts keys and drops whitespace', () => {
    expect(canonicalJson({ b: [1, { d: 'x', c: null }], a: true })).toBe('{"a":true,"b":[1,{"c":null,"d":"x"}]}');
  });

  it('parses durations in s, m, h, d, w (and y) within 60 s .. 30 days', async () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('24h')).toBe(86_400);
    expect(parseDuration('7d')).toBe(7 * 86_400);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('2w')).toBe(14 * 86_400);
    for (const bad of ['', '7', '5w', '1y', '-1d', '1.5h', 'h', '31d', '59s']) expect((await codeOf(() => parseDuration(bad))).code).toBe('INVALID_INPUT');
  });
});
