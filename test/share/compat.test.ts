// Bundles written by earlier payload versions still open and import: the payload-v1 fixtures
// (test/share/fixtures, made by make-v1-bundles.ts with the v1 code) are read by this build.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addContact, importBundle, openBundle } from '../../electron/share/index.ts';
import { ORIGIN, person, tempDir, TestClock, type Person } from './helpers.ts';
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

  const descriptive = V1_SHARED.map(({ value, expiresAt: _e, rotationIntervalDays: _r, ...rest }) => ({ ...rest, value }));

  it('opens and imports a v1 bundle sent to a contact', async () => {
    const opened = await openBundle(bob.vault, fixture(V1_BUNDLE_FILES.toBob), {}, ORIGIN, bob.env);
    expect(opened).toMatchObject({ createdAt: V1_CREATED_AT, message: V1_MESSAGE, passphrase: false, sender: { contactName: 'alice', fingerprint: ids.aliceFingerprint } });
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
