// Every way a bundle is refused: each with its own code and message, nothing imported, and a
// share.refused record in the recipient's audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, getIdentity, importBundle, openBundle, MAX_BUNDLE_BYTES, CLOCK_SKEW_MS } from '../../electron/share/index.ts';
import { befriend, codeOf, ORIGIN, person, rewrap, tempDir, TestClock, unwrap, type Person } from './helpers.ts';
import { localTime } from '../../shared/time.ts';

const HOUR = 3_600_000;
const PASS = 'correct passphrase here';

describe('refusals', () => {
  let t: ReturnType<typeof tempDir>;
  let clock: TestClock;
  let alice: Person, bob: Person, carol: Person;
  let toBob: Uint8Array;
  let withPassphrase: Uint8Array;
  const messages = new Map<string, string>();

  beforeAll(async () => {
    t = tempDir();
    clock = new TestClock();
    [alice, bob, carol] = await Promise.all([person(t.dir, 'alice', clock), person(t.dir, 'bob', clock), person(t.dir, 'carol', clock)]);
    befriend(alice, bob);
    befriend(alice, carol);
    befriend(bob, alice);
    befriend(carol, alice);
    alice.vault.add({ name: 'db/password' }, 'hunter2-secret', ORIGIN);
    toBob = (await createBundle(alice.vault, { refs: ['db/password'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env)).bytes;
    withPassphrase = (await createBundle(alice.vault, { refs: ['db/password'], to: { kind: 'passphrase', passphrase: PASS }, expiresInSeconds: 3600 }, ORIGIN, alice.env)).bytes;
  });
  afterAll(() => {
    for (const p of [alice, bob, carol]) p.vault.close();
    t.cleanup();
  });

  /** Opens (and, if that works, imports) and expects the refusal; checks nothing was imported. */
  async function refused(label: string, who: Person, bytes: Uint8Array, code: string, opts: { passphrase?: string } = {}): Promise<string> {
    const before = who.vault.audit({ action: 'share.refused' }).length;
    const r = await codeOf((async () => {
      const opened = await openBundle(who.vault, bytes, opts, ORIGIN, who.env);
      importBundle(who.vault, opened, {}, ORIGIN, who.env);
    })());
    expect(r.code, label).toBe(code);
    expect(r.message).not.toContain('hunter2');
    expect(who.vault.list({ scope: 'all' }).filter((m) => m.name === 'db/password'), label).toEqual([]);
    const audit = who.vault.audit({ action: 'share.refused' });
    expect(audit.length, label).toBe(before + 1);
    expect(audit.at(-1)!.detail).toContain(code);
    expect(audit.at(-1)!.result).toBe('denied');
    messages.set(label, r.message);
    return r.message;
  }

  function flipAt(bytes: Uint8Array, index: number): Uint8Array {
    const copy = Uint8Array.from(bytes);
    copy[index] = copy[index]! ^ 0x01;
    return copy;
  }

  it('expired (after the clock-skew allowance), but not within it', async () => {
    const b = (await createBundle(alice.vault, { refs: ['db/password'], to: { kind: 'contacts', names: ['carol'] }, expiresInSeconds: 3600 }, ORIGIN, alice.env)).bytes;
    const start = clock.t;
    clock.t = start + HOUR + CLOCK_SKEW_MS - 1000;
    expect((await openBundle(carol.vault, b, {}, ORIGIN, carol.env)).credentials).toHaveLength(1);
    clock.t = start + HOUR + CLOCK_SKEW_MS + 1000;
    expect(await refused('expired', carol, b, 'EXPIRED')).toMatch(/expired at/);
    // importBundle re-checks: a bundle opened in time but imported too late is refused as well.
    clock.t = start;
    const opened = await openBundle(carol.vault, b, {}, ORIGIN, carol.env);
    clock.t = start + 2 * HOUR;
    expect((await codeOf(() => importBundle(carol.vault, opened, {}, ORIGIN, carol.env))).code).toBe('EXPIRED');
    expect(carol.vault.list({ scope: 'all' })).toEqual([]);
    clock.t = start;
  });

  it('created in the future (sender clock far ahead)', async () => {
    const ahead = { now: () => clock.t + HOUR };
    const b = (await createBundle(alice.vault, { refs: ['db/password'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 7200 }, ORIGIN, ahead)).bytes;
    expect(await refused('future', bob, b, 'INTEGRITY')).toMatch(/in the future/);
  });

  it('signature broken', async () => {
    const env = await unwrap(bob, toBob);
    const sig = env.signature;
    env.signature = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(await refused('signature', bob, await rewrap(bob, env), 'INTEGRITY')).toMatch(/signature does not verify/);
  });

  it('payload altered inside a validly encrypted file (anyone can encrypt to bob)', async () => {
    const env = await unwrap(bob, toBob);
    env.payload.credentials[0]!.value = 'attacker-value';
    expect(await refused('payload rewritten', bob, await rewrap(bob, env), 'INTEGRITY')).toMatch(/signature does not verify/);
    messages.delete('payload rewritten'); // same cause as a broken signature, same message
  });

  it('encrypted payload altered (one bit of ciphertext)', async () => {
    expect(await refused('ciphertext altered', bob, flipAt(toBob, toBob.length - 40), 'INTEGRITY')).toMatch(/encrypted content was altered/);
  });

  it('header altered (its MAC)', async () => {
    const text = Buffer.from(toBob).toString('latin1');
    const mac = text.indexOf('\n--- ') + 6;
    const copy = Uint8Array.from(toBob);
    copy[mac] = copy[mac] === 0x41 ? 0x42 : 0x41;
    expect(await refused('header altered', bob, copy, 'INTEGRITY')).toMatch(/header was altered/);
  });

  it('truncated file, in the payload and in the header', async () => {
    // Cryptographically a cut-off end and a flipped bit look the same (the last chunk fails
    // authentication): one message names both causes.
    expect(await refused('truncated', bob, toBob.subarray(0, toBob.length - 30), 'INTEGRITY')).toBe(messages.get('ciphertext altered'));
    messages.delete('truncated');
    expect(await refused('truncated header', bob, toBob.subarray(0, 60), 'INTEGRITY')).toMatch(/header is truncated/);
  });

  it('wrong recipient', async () => {
    expect(await refused('wrong recipient', carol, toBob, 'INTEGRITY')).toMatch(/wrong recipient/);
  });

  it('wrong passphrase, and no passphrase', async () => {
    expect(await refused('wrong passphrase', carol, withPassphrase, 'WRONG_PASSWORD', { passphrase: 'not the passphrase' })).toMatch(/Wrong passphrase/);
    expect(await refused('no passphrase', carol, withPassphrase, 'WRONG_PASSWORD')).toMatch(/protected by a passphrase/);
  });

  it('re-encrypted by a recipient to someone else', async () => {
    const env = await unwrap(bob, toBob);
    expect(await refused('re-encrypted', carol, await rewrap(carol, env), 'INTEGRITY')).toMatch(/other recipients/);
  });

  it('oversized file, refused before parsing', async () => {
    const big = new Uint8Array(MAX_BUNDLE_BYTES + 1);
    big.set(toBob);
    expect(await refused('oversized', bob, big, 'TOO_LARGE')).toMatch(/larger than/);
    expect((await codeOf(openBundle(bob.vault, new Uint8Array(MAX_BUNDLE_BYTES + 1).fill(0x7b), {}, ORIGIN, bob.env))).code).toBe('TOO_LARGE');
  });

  it('not an age file', async () => {
    expect(await refused('not age', bob, new TextEncoder().encode('{"payload":{}}'), 'INTEGRITY')).toMatch(/not an age-encrypted file/);
  });

  it('malformed JSON inside a valid age file', async () => {
    expect(await refused('malformed json', bob, await rewrap(bob, '{"payload": {"v": 1, '), 'INTEGRITY')).toMatch(/not valid JSON/);
  });

  it('valid JSON that is not the bundle format', async () => {
    const env = await unwrap(bob, toBob);
    (env.payload as Record<string, unknown>).extra = 'field';
    expect(await refused('bad format', bob, await rewrap(bob, env), 'INTEGRITY')).toMatch(/does not match the Keyhold bundle format/);
  });

  it('unknown payload version', async () => {
    const env = await unwrap(bob, toBob);
    env.payload.v = 3;
    expect(await refused('version', bob, await rewrap(bob, env), 'UNSUPPORTED_VERSION')).toMatch(/payload version 3; this Keyhold reads versions 1 and 2/);
  });

  it('replayed bundle id: the preview says when it was imported; importing again is refused', async () => {
    const opened = await openBundle(bob.vault, toBob, {}, ORIGIN, bob.env);
    expect(opened.alreadyImportedAt).toBeNull();
    importBundle(bob.vault, opened, {}, ORIGIN, bob.env);
    expect(bob.vault.list().map((m) => m.name)).toEqual(['db/password']);
    expect((await codeOf(() => importBundle(bob.vault, opened, { renames: { 'db/password': 'again' } }, ORIGIN, bob.env))).code).toBe('REPLAYED');
    const before = bob.vault.list({ scope: 'all' }).length;
    const again = await openBundle(bob.vault, toBob, {}, ORIGIN, bob.env);
    expect(again.alreadyImportedAt).toBe(new Date(clock.t).toISOString());
    expect(bob.vault.audit({ action: 'share.open' }).at(-1)!.detail).toContain('imported before');
    const r = await codeOf(() => importBundle(bob.vault, again, { renames: { 'db/password': 'again' } }, ORIGIN, bob.env));
    expect(r.code).toBe('REPLAYED');
    expect(r.message).toContain(`was already imported on ${localTime(new Date(clock.t).toISOString())}`);
    expect(bob.vault.list({ scope: 'all' }).length).toBe(before);
    messages.set('replayed', r.message);
  });

  it('unknown sender: refused without acceptance or with the wrong fingerprint', async () => {
    const dir = tempDir();
    const dave = await person(dir.dir, 'dave', clock);
    try {
      befriend(dave, bob);
      dave.vault.add({ name: 'dave/key' }, 'dave-secret', ORIGIN);
      const b = (await createBundle(dave.vault, { refs: ['dave/key'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 3600 }, ORIGIN, dave.env)).bytes;
      const opened = await openBundle(bob.vault, b, {}, ORIGIN, bob.env);
      expect(opened.sender.contactName).toBeNull();
      const none = await codeOf(() => importBundle(bob.vault, opened, {}, ORIGIN, bob.env));
      const wrong = await codeOf(() => importBundle(bob.vault, opened, { trustSenderFingerprint: getIdentity(alice.vault).fingerprint }, ORIGIN, bob.env));
      expect(none.code).toBe('UNTRUSTED_SENDER');
      expect(wrong.code).toBe('UNTRUSTED_SENDER');
      expect(none.message).not.toBe(wrong.message);
      expect(bob.vault.list({ scope: 'all' }).some((m) => m.name === 'dave/key')).toBe(false);
      expect(bob.vault.audit({ action: 'share.refused' }).at(-1)!.detail).toContain('UNTRUSTED_SENDER');
      messages.set('untrusted', none.message);
      messages.set('wrong fingerprint', wrong.message);
    } finally {
      dave.vault.close();
      dir.cleanup();
    }
  });

  it('gives every refusal its own message', () => {
    expect(messages.size).toBeGreaterThanOrEqual(17);
    expect(new Set(messages.values()).size).toBe(messages.size);
  });
});
