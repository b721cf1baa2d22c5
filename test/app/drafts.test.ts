// Generator drafts (issue 13, dialogs): a generated value made and kept in main, previewed masked,
// revealed only on request, committed exactly by credentials.create/rotate, single-use,
// time-limited and dropped at lock. Driven through the contract like the renderer does.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DRAFT_TTL_MS } from '../../electron/app/drafts.ts';
import { contract } from '../../shared/contract.ts';
import { harness, PASSWORD, type Harness } from '../support/app-harness.ts';
import { run } from '../cli/helpers.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const RECIPE = { length: 40, alphabet: 'hex', prefix: 'sk_live_' } as const;
const reveal = async (draftId: string) => (await h.call('generator.reveal', { draftId })).value;

describe('generator drafts', () => {
  it('previews a draft masked, reveals it on request, and stores exactly that value and its recipe', async () => {
    h = await harness();
    const draft = await h.call('generator.draft', { options: RECIPE });
    expect(draft).toMatchObject({ preview: 'sk_live_••••••••', length: 40, entropyBits: 160, expiresInMs: DRAFT_TTL_MS });
    expect(draft.draftId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Nothing of the value is in what the dialog receives.
    const value = await reveal(draft.draftId);
    expect(value).toMatch(/^sk_live_[0-9a-f]{40}$/);
    expect(JSON.stringify(draft)).not.toContain(value.slice(8));
    // Revealing twice shows the same value (the draft stays until saved).
    expect(await reveal(draft.draftId)).toBe(value);
    expect((await h.call('generator.reveal', { draftId: draft.draftId })).hideAfterMs).toBe(10_000);

    const meta = await h.call('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'draft', draftId: draft.draftId } });
    expect(meta.generator).toEqual(RECIPE);
    expect((await h.call('credentials.reveal', { id: meta.id })).value).toBe(value);
    // A draft reveal is not on the audit trail (not in the vault yet); the create is.
    const audit = (await h.call('audit.list', {})).entries.map((e) => e.action);
    expect(audit).toContain('create');
    expect(audit.filter((a) => a === 'reveal')).toHaveLength(1);
  });

  it('Regenerate replaces the draft: a new value, the old id gone', async () => {
    h = await harness();
    const first = await h.call('generator.draft', { options: RECIPE });
    const firstValue = await reveal(first.draftId);
    const second = await h.call('generator.draft', { options: RECIPE, replaces: first.draftId });
    expect(second.draftId).not.toBe(first.draftId);
    expect(await reveal(second.draftId)).not.toBe(firstValue);
    const gone = await h.fail('generator.reveal', { draftId: first.draftId });
    expect(gone.code).toBe('NOT_FOUND');
    // Replacing an id that is already gone is fine (a double click on Regenerate).
    await h.call('generator.draft', { options: RECIPE, replaces: first.draftId });
  });

  it('is single-use: once saved, the same draft id is refused with a clear error and nothing else is stored', async () => {
    h = await harness();
    const { draftId } = await h.call('generator.draft', { options: RECIPE });
    await h.call('credentials.create', { fields: { name: 'one' }, value: { kind: 'draft', draftId } });
    const again = await h.fail('credentials.create', { fields: { name: 'two' }, value: { kind: 'draft', draftId } });
    expect(again.code).toBe('NOT_FOUND');
    expect(again.message).toMatch(/no longer available: it was saved, replaced or dropped when the vault locked\. Press Regenerate/);
    expect((await h.fail('generator.reveal', { draftId })).code).toBe('NOT_FOUND');
    expect((await h.call('credentials.list', {})).items.map((c) => c.name)).toEqual(['one']);
  });

  it('a refused save keeps the draft, so the same value is saved once the name is fixed', async () => {
    h = await harness();
    await h.call('credentials.create', { fields: { name: 'taken' }, value: { kind: 'text', value: 'v1' } });
    const { draftId } = await h.call('generator.draft', { options: RECIPE });
    const value = await reveal(draftId);
    expect((await h.fail('credentials.create', { fields: { name: 'taken' }, value: { kind: 'draft', draftId } })).code).toBe('ALREADY_EXISTS');
    // Rotating a credential that does not exist leaves the draft too.
    expect((await h.fail('credentials.rotate', { id: 'nosuchid', value: { kind: 'draft', draftId }, reason: 'r' })).code).toBe('NOT_FOUND');
    const meta = await h.call('credentials.create', { fields: { name: 'free' }, value: { kind: 'draft', draftId } });
    expect((await h.call('credentials.reveal', { id: meta.id })).value).toBe(value);
  });

  it('an unknown or malformed draft id is a clear error and leaves the vault untouched', async () => {
    h = await harness();
    const { id } = await h.call('credentials.create', { fields: { name: 'k' }, value: { kind: 'text', value: 'original' } });
    const unknown = await h.fail('credentials.rotate', { id, value: { kind: 'draft', draftId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, reason: 'r' });
    expect(unknown).toEqual({ code: 'NOT_FOUND', message: expect.stringMatching(/^This generated value is no longer available/) });
    expect((await h.fail('generator.reveal', { draftId: 'nope' })).code).toBe('NOT_FOUND');
    expect((await h.fail('generator.reveal', { draftId: '../etc' })).code).toBe('INVALID_INPUT');
    expect((await h.fail('credentials.create', { fields: { name: 'x' }, value: { kind: 'draft', draftId: '' } })).code).toBe('INVALID_INPUT');
    expect((await h.fail('credentials.create', { fields: { name: 'x' }, value: { kind: 'draft', draftId: 'a'.repeat(65) } })).code).toBe('INVALID_INPUT');
    const meta = await h.call('credentials.get', { id });
    expect(meta.valueVersion).toBe(1);
    expect((await h.call('credentials.reveal', { id })).value).toBe('original');
    expect((await h.call('credentials.list', {})).total).toBe(1);
  });

  it('drafts are cleared at lock and need an unlocked vault', async () => {
    h = await harness();
    const { draftId } = await h.call('generator.draft', { options: RECIPE });
    await h.call('vault.lock', {});
    expect((await h.fail('generator.draft', { options: RECIPE })).code).toBe('LOCKED');
    expect((await h.fail('generator.reveal', { draftId })).code).toBe('LOCKED');
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.fail('generator.reveal', { draftId })).code).toBe('NOT_FOUND');
    expect((await h.fail('credentials.create', { fields: { name: 'after-lock' }, value: { kind: 'draft', draftId } })).code).toBe('NOT_FOUND');
    expect((await h.call('credentials.list', {})).total).toBe(0);
  });

  it('drafts are cleared by the idle auto-lock too', async () => {
    h = await harness();
    const { draftId } = await h.call('generator.draft', { options: RECIPE });
    await h.platform.advance(6 * 60_000); // default auto-lock: 5 minutes idle
    expect((await h.call('vault.status', {})).state).toBe('locked');
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.fail('generator.reveal', { draftId })).code).toBe('NOT_FOUND');
  });

  it('expire after their time limit with a clear error', async () => {
    h = await harness();
    await h.call('settings.set', { autoLockMinutes: 0 }); // only the draft's own limit applies
    const { draftId } = await h.call('generator.draft', { options: RECIPE });
    await h.platform.advance(DRAFT_TTL_MS - 1000);
    await reveal(draftId);
    await h.platform.advance(1000);
    const expired = await h.fail('credentials.create', { fields: { name: 'late' }, value: { kind: 'draft', draftId } });
    expect(expired.code).toBe('EXPIRED');
    expect(expired.message).toMatch(/expired after 15 minutes unsaved\. Press Regenerate/);
    // Gone for good after that.
    expect((await h.fail('generator.reveal', { draftId })).code).toBe('NOT_FOUND');
    expect((await h.call('credentials.list', {})).total).toBe(0);
  });

  it('rotate with a draft stores the value and its recipe, and the CLI rotate --generate makes the next one alike', async () => {
    h = await harness();
    const { id } = await h.call('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'text', value: 'typed-first' } });
    expect((await h.call('credentials.get', { id })).generator ?? null).toBeNull();
    const { draftId } = await h.call('generator.draft', { options: { length: 24, alphabet: 'alphanumeric', prefix: 'rk_' } });
    const value = await reveal(draftId);
    const meta = await h.call('credentials.rotate', { id, value: { kind: 'draft', draftId }, reason: 'scheduled' });
    expect(meta.valueVersion).toBe(2);
    expect(meta.generator).toEqual({ length: 24, alphabet: 'alphanumeric', prefix: 'rk_' });
    expect((await h.call('credentials.reveal', { id })).value).toBe(value);
    expect((await h.call('credentials.history', { id }))[0]?.reason).toBe('scheduled');

    // The same vault file through the real CLI.
    await h.service.dispose();
    const passwordFile = path.join(h.dir, 'password');
    writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o600 });
    const env = { HOME: h.dir, XDG_CONFIG_HOME: path.join(h.dir, 'config'), KEYHOLD_VAULT: h.vaultPath, KEYHOLD_PASSWORD_FILE: passwordFile };
    const rotated = await run(['rotate', 'stripe/prod', '--generate', '--reason', 'cli'], { env });
    expect(rotated.code, rotated.stderr).toBe(0);
    const got = await run(['get', 'stripe/prod'], { env });
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^rk_[A-Za-z0-9]{24}$/);
    expect(got.stdout).not.toBe(value);
  }, 120_000);

  it('discard drops a draft at once; unknown or used ids are fine', async () => {
    h = await harness();
    const { draftId } = await h.call('generator.draft', { options: RECIPE });
    expect(await h.call('generator.discard', { draftId })).toEqual({});
    expect((await h.fail('generator.reveal', { draftId })).code).toBe('NOT_FOUND');
    expect((await h.fail('credentials.create', { fields: { name: 'x' }, value: { kind: 'draft', draftId } })).code).toBe('NOT_FOUND');
    expect(await h.call('generator.discard', { draftId })).toEqual({});
    await h.call('vault.lock', {});
    expect((await h.fail('generator.discard', { draftId })).code).toBe('LOCKED');
  });

  it('holds at most 16 drafts: the oldest abandoned ones go first', async () => {
    h = await harness();
    const ids: string[] = [];
    for (let i = 0; i < 17; i++) ids.push((await h.call('generator.draft', { options: RECIPE })).draftId);
    expect((await h.fail('generator.reveal', { draftId: ids[0] })).code).toBe('NOT_FOUND');
    await reveal(ids[1]!);
    await reveal(ids[16]!);
  });
});

describe('draft contract schemas', () => {
  const draftOp = contract['generator.draft'];
  const revealOp = contract['generator.reveal'];
  const create = contract['credentials.create'];

  it('accept well-formed input and fill the prefix default', () => {
    expect(draftOp.input.parse({ options: { length: 32, alphabet: 'base64url' } })).toEqual({ options: { length: 32, alphabet: 'base64url', prefix: '' } });
    expect(draftOp.input.safeParse({ options: RECIPE, replaces: 'abc_DEF-123' }).success).toBe(true);
    expect(revealOp.input.safeParse({ draftId: 'abc_DEF-123' }).success).toBe(true);
    expect(create.input.safeParse({ fields: { name: 'x' }, value: { kind: 'draft', draftId: 'abc' } }).success).toBe(true);
  });

  it('refuse bad recipes, malformed ids and extra fields', () => {
    for (const bad of [
      { options: { length: 7, alphabet: 'hex' } },
      { options: { length: 1025, alphabet: 'hex' } },
      { options: { length: 32, alphabet: 'emoji' } },
      { options: { length: 32, alphabet: 'hex', prefix: 'has space' } },
      { options: { length: 32, alphabet: 'hex' }, replaces: 'bad id' },
      { options: { length: 32, alphabet: 'hex' }, value: 'x' },
      { length: 32, alphabet: 'hex' },
    ]) expect(draftOp.input.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    for (const bad of [{}, { draftId: '' }, { draftId: 'x'.repeat(65) }, { draftId: 'a/b' }, { draftId: 'a', value: 'x' }]) {
      expect(revealOp.input.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(create.input.safeParse({ fields: { name: 'x' }, value: { kind: 'draft', draftId: 'abc', value: 'x' } }).success).toBe(false);
  });

  it('the draft output carries no value: a value field breaks the contract', () => {
    const ok = { draftId: 'abc', preview: 'sk_••••••••', length: 32, entropyBits: 128, expiresInMs: DRAFT_TTL_MS };
    expect(draftOp.output.safeParse(ok).success).toBe(true);
    expect(draftOp.output.safeParse({ ...ok, value: 'sk_secret' }).success).toBe(false);
  });
});
