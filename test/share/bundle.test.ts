// Round trips (one recipient, several, passphrase), interop with the stock age CLI, and the
// sender's records: share.sent, lastSharedAt, rotation due after expiry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ageDecrypt } from '../../electron/share/age.ts';
import {
  createBundle, getIdentity, importBundle, listSent, openBundle, recordSentFile, sharedNeedsRotation, sharesNeedingRotation, listSentRecords,
  needsPassphrase,
} from '../../electron/share/index.ts';
import {
  AGE, ageCli, ageSecretOf, befriend, codeOf, ORIGIN, person, recipientOf, tempDir, TestClock, writeAgeIdentity, type Person,
} from './helpers.ts';

const HOUR = 3_600_000;

function addKey(p: Person, name: string, value: string, extra: Record<string, unknown> = {}) {
  return p.vault.add({ name, service: 'stripe', environment: 'prod', keyType: 'private', tags: ['payments'], notes: 'rotate monthly', scopes: ['charges:write'], allowedIps: ['10.0.0.0/8'], allowedDomains: ['api.example.com'], ...extra }, value, ORIGIN);
}

describe('share bundles', () => {
  let t: ReturnType<typeof tempDir>;
  let clock: TestClock;
  let alice: Person, bob: Person, carol: Person;
  beforeEach(async () => {
    t = tempDir();
    clock = new TestClock();
    [alice, bob, carol] = await Promise.all([person(t.dir, 'alice', clock), person(t.dir, 'bob', clock), person(t.dir, 'carol', clock)]);
    befriend(alice, bob);
    befriend(alice, carol);
    befriend(bob, alice);
  });
  afterEach(() => {
    for (const p of [alice, bob, carol]) p.vault.close();
    t.cleanup();
  });

  it('round-trips to one recipient: preview, import, records on both sides', async () => {
    const k = addKey(alice, 'stripe/prod', 'sk_live_abc123');
    alice.vault.rotate(k.id, 'sk_live_def456', 'scheduled', ORIGIN); // history must not travel
    const { bytes, sent } = await createBundle(alice.vault, { refs: ['stripe/prod'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600, message: 'for the deploy' }, ORIGIN, alice.env);
    expect(sent).toEqual({
      bundleId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), createdAt: new Date(clock.t).toISOString(),
      expiresAt: new Date(clock.t + HOUR).toISOString(), recipients: ['bob'], intendedFor: [], credentialNames: ['stripe/prod'], file: null,
    });
    expect(Buffer.from(bytes.subarray(0, 22)).toString()).toBe('age-encryption.org/v1\n');
    expect(Buffer.from(bytes).includes('sk_live')).toBe(false);

    const opened = await openBundle(bob.vault, bytes, {}, ORIGIN, bob.env);
    const aliceId = getIdentity(alice.vault);
    expect(opened.sender).toEqual({ line: aliceId.line, fingerprint: aliceId.fingerprint, contactName: 'alice' });
    expect(opened.message).toBe('for the deploy');
    expect(opened.passphrase).toBe(false);
    expect(opened.credentials).toEqual([{
      name: 'stripe/prod', value: 'sk_live_def456', service: 'stripe', environment: 'prod', keyType: 'private', tags: ['payments'],
      notes: 'rotate monthly', scopes: ['charges:write'], allowedIps: ['10.0.0.0/8'], allowedDomains: ['api.example.com'],
      expiresAt: null, rotationIntervalDays: null,
    }]);
    expect(opened).toMatchObject({ payloadVersion: 2, intendedFor: ['bob'], alreadyImportedAt: null });
    expect(bob.vault.list()).toEqual([]); // opening imports nothing

    expect(importBundle(bob.vault, opened, {}, ORIGIN, bob.env)).toEqual({ imported: ['stripe/prod'] });
    const got = bob.vault.get('stripe/prod');
    expect(bob.vault.readValue(got.id, 'reveal', ORIGIN)).toBe('sk_live_def456');
    expect(got).toMatchObject({ service: 'stripe', environment: 'prod', tags: ['payments'], allowedDomains: ['api.example.com'], valueVersion: 1 });
    expect(bob.vault.history(got.id)).toEqual([]);

    // Audit on both sides.
    expect(alice.vault.audit({ action: 'share.create' }).some((e) => e.detail?.includes(sent.bundleId) && e.detail.includes('bob'))).toBe(true);
    expect(bob.vault.audit({ action: 'share.open' }).map((e) => e.detail)).toEqual([expect.stringContaining(sent.bundleId)]);
    expect(bob.vault.audit({ action: 'share.import' })).toEqual([expect.objectContaining({ credentialId: got.id, credentialName: 'stripe/prod' })]);
    // Nothing secret in any audit detail.
    for (const e of [...alice.vault.audit(), ...bob.vault.audit()]) expect(JSON.stringify(e)).not.toContain('sk_live');

    // Sender's records.
    expect(listSent(alice.vault)).toEqual([sent]);
    recordSentFile(alice.vault, sent.bundleId, '/tmp/x.age');
    expect(listSent(alice.vault)[0]!.file).toBe('/tmp/x.age');
    expect(alice.vault.get('stripe/prod').lastSharedAt).toBe(sent.createdAt);
  });

  it('round-trips to several recipients, each with their own key', async () => {
    addKey(alice, 'a', 'value-a');
    const b = addKey(alice, 'b', 'value-b');
    const { bytes } = await createBundle(alice.vault, { refs: ['a', b.id, 'b'], to: { kind: 'contacts', names: ['bob', 'carol'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
    const header = Buffer.from(bytes).toString('latin1').split('\n---')[0]!;
    expect(header.match(/^-> X25519 /gm)).toHaveLength(2);
    for (const p of [bob, carol]) {
      const opened = await openBundle(p.vault, bytes, {}, ORIGIN, p.env);
      expect(opened.recipients).toHaveLength(2);
      expect(opened.credentials.map((c) => c.name)).toEqual(['a', 'b']);
      importBundle(p.vault, opened, { trustSenderFingerprint: getIdentity(alice.vault).fingerprint }, ORIGIN, p.env);
      expect(p.vault.readValue('b', 'reveal', ORIGIN)).toBe('value-b');
    }
    expect(listSent(alice.vault)[0]!.recipients).toEqual(['bob', 'carol']);
  });

  it('round-trips with a passphrase', async () => {
    addKey(alice, 'pp', 'passphrase-value');
    const { bytes, sent } = await createBundle(alice.vault, { refs: ['pp'], to: { kind: 'passphrase', passphrase: 'tulip orbit canvas lemon' }, expiresInSeconds: 600 }, ORIGIN, alice.env);
    expect(sent.recipients).toEqual(['(passphrase)']);
    expect(needsPassphrase(bytes)).toBe(true);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/^-> scrypt \S+ 18$/m);
    const opened = await openBundle(carol.vault, bytes, { passphrase: 'tulip orbit canvas lemon' }, ORIGIN, carol.env);
    expect(opened.passphrase).toBe(true);
    expect(opened.sender.contactName).toBeNull();
    expect(await codeOf(() => importBundle(carol.vault, opened, {}, ORIGIN, carol.env))).toMatchObject({ code: 'UNTRUSTED_SENDER' });
    importBundle(carol.vault, opened, { trustSenderFingerprint: opened.sender.fingerprint.toLowerCase() }, ORIGIN, carol.env);
    expect(carol.vault.readValue('pp', 'reveal', ORIGIN)).toBe('passphrase-value');
  });

  it('keeps whom a passphrase bundle was meant for; records made before that list nobody', async () => {
    addKey(alice, 'pp', 'passphrase-value');
    const { sent } = await createBundle(alice.vault, { refs: ['pp'], to: { kind: 'passphrase', passphrase: 'tulip orbit canvas lemon', intendedFor: ['carol', 'dave', 'carol'] }, expiresInSeconds: 600 }, ORIGIN, alice.env);
    expect(sent).toMatchObject({ recipients: ['(passphrase)'], intendedFor: ['carol', 'dave'] });
    expect(listSent(alice.vault)[0]).toEqual(sent);
    expect(alice.vault.audit({ action: 'share.create' }).at(-1)?.detail).toContain('to (passphrase) for carol, dave:');
    // A record as the code before wrote it, without the field.
    const { intendedFor: _for, ...older } = listSentRecords(alice.vault)[0]!;
    alice.vault.putDoc('share.sent', sent.bundleId, older);
    expect(listSent(alice.vault)[0]).toEqual({ ...sent, intendedFor: [] });
  });

  it('renames on a name clash; without a rename nothing is imported', async () => {
    addKey(alice, 'one', 'v1');
    addKey(alice, 'two', 'v2');
    addKey(bob, 'two', 'bobs own');
    const { bytes } = await createBundle(alice.vault, { refs: ['one', 'two'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
    const opened = await openBundle(bob.vault, bytes, {}, ORIGIN, bob.env);
    const clash = await codeOf(() => importBundle(bob.vault, opened, {}, ORIGIN, bob.env));
    expect(clash).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(clash.message).toContain("'two'");
    expect(bob.vault.list().map((m) => m.name)).toEqual(['two']);
    expect((await codeOf(() => importBundle(bob.vault, opened, { renames: { nope: 'x' } }, ORIGIN, bob.env))).code).toBe('INVALID_INPUT');
    expect((await codeOf(() => importBundle(bob.vault, opened, { renames: { two: 'one' } }, ORIGIN, bob.env))).code).toBe('ALREADY_EXISTS');
    expect(importBundle(bob.vault, opened, { renames: { two: 'two (alice)' } }, ORIGIN, bob.env)).toEqual({ imported: ['one', 'two (alice)'] });
    expect(bob.vault.readValue('two', 'reveal', ORIGIN)).toBe('bobs own');
    expect(bob.vault.readValue('two (alice)', 'reveal', ORIGIN)).toBe('v2');
  });

  it('names arriving in a bundle are compared in NFC, and invisible or bidi characters are refused', async () => {
    addKey(alice, 'caf\u00e9/prod', 'v-cafe');
    addKey(bob, 'caf\u00e9/prod', 'bobs cafe');
    addKey(alice, 'plain', 'v-plain');
    const { bytes } = await createBundle(alice.vault, { refs: ['caf\u00e9/prod'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
    const opened = await openBundle(bob.vault, bytes, {}, ORIGIN, bob.env);
    // A hostile sender's payload spells the name in NFD: still the same name as Bob's.
    opened.credentials[0]!.name = 'cafe\u0301/prod';
    const clash = await codeOf(() => importBundle(bob.vault, opened, {}, ORIGIN, bob.env));
    expect(clash).toMatchObject({ code: 'ALREADY_EXISTS' });
    // ...or hides a zero-width space in it: refused, nothing imported.
    opened.credentials[0]!.name = 'caf\u00e9/prod\u200b';
    expect((await codeOf(() => importBundle(bob.vault, opened, {}, ORIGIN, bob.env))).code).toBe('INVALID_INPUT');
    expect(bob.vault.list().map((m) => m.name)).toEqual(['caf\u00e9/prod']);
  });

  it('refuses to share disabled, revoked, compromised or trashed credentials', async () => {
    for (const [name, act] of [['d', 'disabled'], ['r', 'revoked'], ['c', 'compromised'], ['t', 'trash']] as const) {
      const m = addKey(alice, name, 'v');
      if (act === 'trash') alice.vault.trash(m.id, ORIGIN);
      else alice.vault.setStatus(m.id, act, ORIGIN);
      const r = await codeOf(createBundle(alice.vault, { refs: [name], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env));
      expect(r.code).toBe('DISABLED');
    }
    expect(listSent(alice.vault)).toEqual([]);
    expect((await codeOf(createBundle(alice.vault, { refs: ['missing'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN))).code).toBe('NOT_FOUND');
    addKey(alice, 'ok', 'v');
    expect((await codeOf(createBundle(alice.vault, { refs: ['ok'], to: { kind: 'contacts', names: ['dave'] }, expiresInSeconds: 3600 }, ORIGIN))).code).toBe('NOT_FOUND');
    expect((await codeOf(createBundle(alice.vault, { refs: ['ok'], to: { kind: 'passphrase', passphrase: 'short' }, expiresInSeconds: 3600 }, ORIGIN))).code).toBe('INVALID_INPUT');
    expect((await codeOf(createBundle(alice.vault, { refs: ['ok'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 31 * 86_400 }, ORIGIN))).code).toBe('INVALID_INPUT');
  });

  it('flags a shared credential for rotation once the bundle has expired, until it is rotated', async () => {
    const k = addKey(alice, 'k', 'v');
    await createBundle(alice.vault, { refs: ['k'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
    const sent = listSentRecords(alice.vault);
    expect(sharedNeedsRotation(alice.vault.get('k'), sent, clock.t + HOUR - 1)).toBe(false);
    clock.advance(HOUR);
    expect(sharedNeedsRotation(alice.vault.get('k'), sent, clock.t)).toBe(true);
    expect(sharesNeedingRotation(alice.vault, alice.env).map((x) => x.credential.id)).toEqual([k.id]);
    clock.advance(1000);
    alice.vault.rotate(k.id, 'v2', 'shared with bob', ORIGIN);
    expect(sharedNeedsRotation(alice.vault.get('k'), sent, clock.t)).toBe(false);
    expect(sharesNeedingRotation(alice.vault, alice.env)).toEqual([]);
  });

  describe('interop with the age CLI', () => {
    it(`a Keyhold bundle decrypts with ${AGE} -d -i and holds the JSON payload`, async () => {
      addKey(alice, 'gh/token', 'ghp_interop');
      const { bytes, sent } = await createBundle(alice.vault, { refs: ['gh/token'], to: { kind: 'contacts', names: ['bob', 'carol'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
      const bundle = join(t.dir, 'b.age');
      writeFileSync(bundle, bytes);
      for (const p of [bob, carol]) {
        const idFile = writeAgeIdentity(p, t.dir);
        const json = JSON.parse(ageCli(['-d', '-i', idFile, bundle]).toString('utf8'));
        expect(Object.keys(json).sort()).toEqual(['payload', 'signature']);
        expect(json.payload).toMatchObject({ v: 2, bundleId: sent.bundleId, sender: getIdentity(alice.vault).line, expiresAt: sent.expiresAt });
        expect(json.payload.credentials).toEqual([expect.objectContaining({ name: 'gh/token', value: 'ghp_interop' })]);
        expect(Object.keys(json.payload.credentials[0]).sort()).toEqual(
          ['allowedDomains', 'allowedIps', 'environment', 'expiresAt', 'keyType', 'name', 'notes', 'rotationIntervalDays', 'scopes', 'service', 'tags', 'value'],
        );
      }
      // The age CLI refuses it without the right identity.
      expect(() => ageCli(['-d', '-i', writeAgeIdentity(alice, t.dir), bundle])).toThrow();
    });

    it("a file encrypted by the age CLI to a Keyhold identity is read by Keyhold's age layer", async () => {
      const plain = join(t.dir, 'plain.txt');
      writeFileSync(plain, 'hello from the age CLI\n');
      const enc = readFileSync(plain);
      const out = ageCli(['-r', recipientOf(bob)], enc);
      expect(new TextDecoder().decode(await ageDecrypt(out, { ageSecret: ageSecretOf(bob) }))).toBe('hello from the age CLI\n');
      // Armored output too.
      const armored = ageCli(['-a', '-r', recipientOf(bob)], enc);
      expect(new TextDecoder().decode(await ageDecrypt(armored, { ageSecret: ageSecretOf(bob) }))).toBe('hello from the age CLI\n');
      // And the same file is refused by someone else's identity.
      expect((await codeOf(ageDecrypt(out, { ageSecret: ageSecretOf(carol) }))).message).toContain('wrong recipient');
    });
  });
});
