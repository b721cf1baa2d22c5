// Payload versions: bundles written by earlier versions still open and import (the payload-v1
// fixtures in test/share/fixtures, made by make-v1-bundles.ts with the v1 code), and this build
// writes v2, which carries each credential's expiry and rotation interval and whom it is for.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addContact, createBundle, importBundle, openBundle } from '../../electron/share/index.ts';
import { identitySecrets, signPayload } from '../../electron/share/identity.ts';
import { signedBytesOf, type Payload } from '../../electron/share/payload.ts';
import { befriend, codeOf, ORIGIN, person, rewrap, tempDir, TestClock, unwrap, type Person } from './helpers.ts';
import { V1_BUNDLE_FILES, V1_CREATED_AT, V1_MESSAGE, V1_PASSPHRASE, V1_SHARED, type V1Identities } from './fixtures/v1-bundle-data.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));
const ids = JSON.parse(readFileSync(join(FIXTURES, V1_BUNDLE_FILES.identities), 'utf8')) as V1Identities;

describe('payload v1 bundles (fixtures written by the v1 code)', () => {
  let t: ReturnType<typeof tempDir>;
  let clock: TestClock;
  let bob: Person;
  beforeEach(async () => {
    t = tempDir();
    clock = new TestClock();
    clock.t = Date.parse(V1_CREATED_AT) + 3_600_000;
    bob = await person(t.dir, 'bob', clock);
    // This vault stands in for the one the fixture was encrypted to: same identity document.
    bob.vault.putDoc('identity', 'self', ids.bobIdentityDoc);
    addContact(bob.vault, 'alice', ids.aliceLine, ORIGIN, bob.env);
  });
  afterEach(() => {
    bob.vault.close();
    t.cleanup();
  });

  // v1 never carried expiry or rotation interval: the reader fills in null.
  const descriptive = V1_SHARED.map((c) => ({ ...c, expiresAt: null, rotationIntervalDays: null }));

  it('opens and imports a v1 bundle sent to a contact', async () => {
    const opened = await openBundle(bob.vault, fixture(V1_BUNDLE_FILES.toBob), {}, ORIGIN, bob.env);
    expect(opened).toMatchObject({
      payloadVersion: 1, intendedFor: [], alreadyImportedAt: null, createdAt: V1_CREATED_AT, message: V1_MESSAGE, passphrase: false,
      sender: { contactName: 'alice', fingerprint: ids.aliceFingerprint },
    });
    expect(opened.credentials).toEqual(descriptive);
    expect(importBundle(bob.vault, opened, {}, ORIGIN, bob.env)).toEqual({ imported: V1_SHARED.map((c) => c.name) });
    for (const c of V1_SHARED) {
      const m = bob.vault.get(c.name);
      expect(bob.vault.readValue(m.id, 'reveal', ORIGIN)).toBe(c.value);
      // v1 never carried these: the import leaves them unset.
      expect(m).toMatchObject({ service: c.service, tags: c.tags, expiresAt: null, rotationIntervalDays: null });
    }
  });

  it('opens and imports a v1 passphrase bundle', async () => {
    const opened = await openBundle(bob.vault, fixture(V1_BUNDLE_FILES.passphrase), { passphrase: V1_PASSPHRASE }, ORIGIN, bob.env);
    expect(opened).toMatchObject({ passphrase: true, recipients: [], sender: { contactName: 'alice' } });
    expect(opened.credentials).toEqual(descriptive);
    expect(importBundle(bob.vault, opened, {}, ORIGIN, bob.env).imported).toEqual(V1_SHARED.map((c) => c.name));
  });
});

describe('payload v2', () => {
  let t: ReturnType<typeof tempDir>;
  let clock: TestClock;
  let alice: Person, bob: Person;
  beforeEach(async () => {
    t = tempDir();
    clock = new TestClock();
    [alice, bob] = await Promise.all([person(t.dir, 'alice', clock), person(t.dir, 'bob', clock)]);
    befriend(alice, bob);
    befriend(bob, alice);
    for (const { value, ...input } of V1_SHARED) alice.vault.add(input, value, ORIGIN);
  });
  afterEach(() => {
    alice.vault.close();
    bob.vault.close();
    t.cleanup();
  });

  it('carries expiry and rotation interval, and the import keeps them', async () => {
    const { bytes } = await createBundle(alice.vault, { refs: V1_SHARED.map((c) => c.name), to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
    const raw = await unwrap(bob, bytes);
    expect(raw.payload.v).toBe(2);
    expect(raw.payload.intendedFor).toEqual(['bob']);
    expect(raw.payload.credentials.map((c) => [c.expiresAt, c.rotationIntervalDays])).toEqual([['2026-01-01T00:00:00.000Z', 90], [null, null]]);
    const opened = await openBundle(bob.vault, bytes, {}, ORIGIN, bob.env);
    expect(opened.payloadVersion).toBe(2);
    importBundle(bob.vault, opened, {}, ORIGIN, bob.env);
    for (const c of V1_SHARED) {
      expect(bob.vault.get(c.name)).toMatchObject({ expiresAt: c.expiresAt, rotationIntervalDays: c.rotationIntervalDays });
    }
  });

  it('names whom a passphrase bundle is for, inside the signature', async () => {
    const { bytes } = await createBundle(alice.vault, {
      refs: ['github/ci'], to: { kind: 'passphrase', passphrase: V1_PASSPHRASE, intendedFor: ['carol', 'carol', 'dave@example.com'] }, expiresInSeconds: 3600,
    }, ORIGIN, alice.env);
    const opened = await openBundle(bob.vault, bytes, { passphrase: V1_PASSPHRASE }, ORIGIN, bob.env);
    expect(opened).toMatchObject({ passphrase: true, recipients: [], intendedFor: ['carol', 'dave@example.com'] });
    // Names are what a person typed, checked like contact names.
    const bad = await codeOf(createBundle(alice.vault, { refs: ['github/ci'], to: { kind: 'passphrase', passphrase: V1_PASSPHRASE, intendedFor: ['bob\u202e'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env));
    expect(bad.code).toBe('INVALID_INPUT');
  });

  it('refuses a v2 payload whose intended names were changed after signing, or that lacks the v2 fields', async () => {
    const { bytes } = await createBundle(alice.vault, { refs: ['github/ci'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env);
    const env = await unwrap(bob, bytes);
    const renamed = structuredClone(env);
    renamed.payload.intendedFor = ['mallory'];
    expect((await codeOf(openBundle(bob.vault, await rewrap(bob, renamed), {}, ORIGIN, bob.env))).message).toMatch(/signature does not verify/);
    // A v2 payload without a v2 field is not a v1 payload: refused as malformed, even when signed.
    const me = identitySecrets(alice.vault, alice.env);
    for (const drop of ['intendedFor', 'credentials.0.expiresAt']) {
      const p = structuredClone(env.payload) as Record<string, unknown> & { credentials: Record<string, unknown>[] };
      if (drop === 'intendedFor') delete p.intendedFor;
      else delete p.credentials[0]!.expiresAt;
      const signature = signPayload(me.signSecret, me.signPublic, signedBytesOf(p as unknown as Payload));
      const r = await codeOf(openBundle(bob.vault, await rewrap(bob, { payload: p, signature }), {}, ORIGIN, bob.env));
      expect(r, drop).toEqual({ code: 'INTEGRITY', message: expect.stringContaining(`does not match the Keyhold bundle format (at ${drop === 'intendedFor' ? 'payload.intendedFor' : 'payload.credentials.0.expiresAt'})`) });
    }
  });
});
