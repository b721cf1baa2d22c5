// Passphrase bundles and scrypt (issue 8, item 8): a header asking for more scrypt work than
// Keyhold writes (2^18) is refused before any scrypt runs, and the scrypt of a legitimate bundle
// runs in a worker thread, so this thread's timers (auto-lock, clipboard) keep firing meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBundle, importBundle, openBundle, SCRYPT_LOG_N } from '../../electron/share/index.ts';
import { ageDecrypt } from '../../electron/share/age.ts';
import { befriend, codeOf, ORIGIN, person, tempDir, TestClock, type Person } from './helpers.ts';

const PASS = 'correct passphrase here';

/** The bundle with its scrypt stanza's work factor replaced (the header MAC then fails, but only after scrypt). */
function withLogN(bytes: Uint8Array, logN: string): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const changed = text.replace(/^(-> scrypt \S+) 18$/m, `$1 ${logN}`);
  if (changed === text) throw new Error('no scrypt stanza with work factor 18');
  return Buffer.from(changed, 'latin1');
}

describe('passphrase bundles: scrypt work factor and worker thread', () => {
  let t: ReturnType<typeof tempDir>;
  let alice: Person, carol: Person;
  let bundle: Uint8Array;
  beforeAll(async () => {
    t = tempDir();
    const clock = new TestClock();
    [alice, carol] = await Promise.all([person(t.dir, 'alice', clock), person(t.dir, 'carol', clock)]);
    befriend(carol, alice);
    alice.vault.add({ name: 'db/password' }, 'hunter2-secret', ORIGIN);
    bundle = (await createBundle(alice.vault, { refs: ['db/password'], to: { kind: 'passphrase', passphrase: PASS }, expiresInSeconds: 3600 }, ORIGIN, alice.env)).bytes;
  }, 120_000);
  afterAll(() => {
    alice.vault.close();
    carol.vault.close();
    t.cleanup();
  });

  it('writes work factor 2^18', () => {
    expect(SCRYPT_LOG_N).toBe(18);
    expect(Buffer.from(bundle).toString('latin1')).toMatch(/^-> scrypt \S{22} 18$/m);
  });

  it('refuses work factor 2^20 unread: before asking for the passphrase, and whatever the passphrase', async () => {
    const hostile = withLogN(bundle, '20');
    const before = carol.vault.audit({ action: 'share.refused' }).length;
    for (const opts of [{}, { passphrase: PASS }, { passphrase: 'not the passphrase' }]) {
      const r = await codeOf(openBundle(carol.vault, hostile, opts, ORIGIN, carol.env));
      // Not WRONG_PASSWORD: the passphrase was never tried, so scrypt never ran (age-encryption
      // itself would run 2^20 and only then find the wrong passphrase or the altered header).
      expect(r.code).toBe('INTEGRITY');
      expect(r.message).toContain('scrypt work factor 2^20, more than the 2^18 Keyhold writes and accepts');
      expect(r.message).toContain('1,024 MiB');
      expect(r.message).toContain('refused unread');
    }
    expect(carol.vault.audit({ action: 'share.refused' }).length).toBe(before + 3);
    expect(carol.vault.list({ scope: 'all' })).toEqual([]);
  });

  it('refuses 2^19, absurd factors and damaged stanzas with their own words', async () => {
    expect((await codeOf(ageDecrypt(withLogN(bundle, '19'), { ageSecret: 'unused', passphrase: PASS }))).message).toContain('2^19');
    // 2^64 could never be computed: only a refusal that reads the header first can answer at all.
    expect((await codeOf(ageDecrypt(withLogN(bundle, '64'), { ageSecret: 'unused', passphrase: PASS }))).message).toContain('more memory than any computer has');
    for (const bad of ['0', '018', '99999', '1e3', 'x']) {
      const r = await codeOf(ageDecrypt(withLogN(bundle, bad), { ageSecret: 'unused', passphrase: PASS }));
      expect(r, bad).toEqual({ code: 'INTEGRITY', message: "The bundle's age header is malformed: its passphrase stanza is damaged." });
    }
  });

  it('a lower work factor is not refused for its cost: scrypt runs, and the key it derives does not match', async () => {
    const r = await codeOf(ageDecrypt(withLogN(bundle, '10'), { ageSecret: 'unused', passphrase: PASS }));
    expect(r).toEqual({ code: 'WRONG_PASSWORD', message: 'Wrong passphrase for this bundle.' });
  });

  it("keeps this thread's timers firing while scrypt decrypts in the worker", async () => {
    let ticks = 0;
    let pending = true;
    const tick = (): void => {
      if (!pending) return;
      ticks++;
      setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
    const opening = openBundle(carol.vault, bundle, { passphrase: PASS }, ORIGIN, carol.env).finally(() => (pending = false));
    const opened = await opening;
    expect(opened.credentials.map((c) => c.value)).toEqual(['hunter2-secret']);
    // scrypt 2^18 is at least a few hundred milliseconds of work; on this thread it would have
    // held every timer until it finished. In the worker, the timer kept running.
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect(importBundle(carol.vault, opened, {}, ORIGIN, carol.env).imported).toEqual(['db/password']);
  }, 120_000);
});
