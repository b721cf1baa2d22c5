// The vault lifecycle and the full credential lifecycle, driven only through the contract.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, fields, PASSWORD, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

describe('vault lifecycle', () => {
  it('reports no-vault, creates a vault unlocked, refuses a second create', async () => {
    h = await harness({ create: false });
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'no-vault', lockReason: null, vaultPath: h.vaultPath });
    expect((await h.fail('vault.unlock', { password: PASSWORD })).code).toBe('NO_VAULT');
    const st = await h.call('vault.create', { password: PASSWORD });
    expect(st).toMatchObject({ state: 'unlocked', lockReason: null });
    expect(h.events).toContainEqual({ type: 'unlocked' });
    expect((await h.fail('vault.create', { password: 'another password' })).code).toBe('VAULT_EXISTS');
    expect(await h.call('vault.kdf', {})).toEqual({ memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect((await h.call('vault.verify', {})).ok).toBe(true);
  });

  it('locks manually and unlocks; a restarted app starts locked with reason startup', async () => {
    h = await harness();
    expect(await h.call('vault.lock', {})).toMatchObject({ state: 'locked', lockReason: 'manual' });
    expect(h.events).toContainEqual({ type: 'locked', reason: 'manual' });
    expect(await h.call('vault.unlock', { password: PASSWORD })).toMatchObject({ state: 'unlocked', lockReason: null });
    await h.restart();
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'startup' });
    await h.call('vault.unlock', { password: PASSWORD });
  });

  it('wrong password gives WRONG_PASSWORD, then THROTTLED with retryAfterMs, then accepts after the wait', async () => {
    h = await harness();
    await h.call('vault.lock', {});
    for (let i = 0; i < 3; i++) expect((await h.fail('vault.unlock', { password: 'Hunter2-guess' })).code).toBe('WRONG_PASSWORD');
    const throttled = await h.fail('vault.unlock', { password: PASSWORD });
    expect(throttled.code).toBe('THROTTLED');
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
    const st = await h.call('vault.status', {});
    expect(st.throttle.failedAttempts).toBe(3);
    expect(st.throttle.retryAfterMs).toBe(throttled.retryAfterMs);
    await h.platform.advance(throttled.retryAfterMs ?? 0);
    expect((await h.call('vault.unlock', { password: PASSWORD })).state).toBe('unlocked');
    expect((await h.call('vault.status', {})).throttle).toEqual({ failedAttempts: 0, retryAfterMs: 0 });
    // The failures are in the audit trail, without the password.
    const audit = await h.call('audit.list', { action: 'unlock.failed' });
    expect(audit.entries).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain('Hunter2-guess');
  });

  it('changing the password checks the old one, then locks with reason password-changed', async () => {
    h = await harness();
    const wrong = await h.fail('vault.changePassword', { oldPassword: 'not it at all', newPassword: 'brand new password' });
    expect(wrong.code).toBe('WRONG_PASSWORD');
    expect((await h.call('vault.status', {})).state).toBe('unlocked');
    const kdf = { memoryCost: 9216, timeCost: 1, parallelism: 1 };
    expect(await h.call('vault.changePassword', { oldPassword: PASSWORD, newPassword: 'brand new password', kdf })).toEqual({});
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'password-changed' });
    expect(h.events).toContainEqual({ type: 'locked', reason: 'password-changed' });
    expect((await h.fail('vault.unlock', { password: PASSWORD })).code).toBe('WRONG_PASSWORD');
    await h.call('vault.unlock', { password: 'brand new password' });
    expect(await h.call('vault.kdf', {})).toEqual(kdf);
  });

  it('a password change with rekey seals everything under a new vault key and locks', async () => {
    h = await harness();
    const created = await h.call('credentials.create', { fields: { name: 'kept/through-rekey' }, value: { kind: 'text', value: 'sk_kept' } });
    expect(await h.call('vault.changePassword', { oldPassword: PASSWORD, newPassword: 'brand new password', rekey: true })).toEqual({});
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'password-changed' });
    await h.call('vault.unlock', { password: 'brand new password' });
    expect((await h.call('credentials.reveal', { id: created.id })).value).toBe('sk_kept');
    expect((await h.call('vault.verify', {})).ok).toBe(true);
    const changes = await h.call('audit.list', { action: 'password.change' });
    expect(changes.entries.at(-1)?.detail).toMatch(/new vault key/);
  });

  it('a damaged vault file: status still answers (locked), unlock says INTEGRITY', async () => {
    h = await harness({ create: false });
    writeFileSync(h.vaultPath, 'this is not a vault at all, just some text that is long enough to look like a file');
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'startup' });
    expect((await h.fail('vault.unlock', { password: PASSWORD })).code).toBe('INTEGRITY');
    expect((await h.fail('vault.create', { password: PASSWORD })).code).toBe('VAULT_EXISTS');
  });
});

describe('credential lifecycle', () => {
  it('create, edit, rotate, history, disable, trash, restore, purge', async () => {
    h = await harness();
    const created = await h.call('credentials.create', {
      fields: fields('stripe/prod', { environment: 'prod', tags: ['billing'], scopes: ['charges:write'] }),
      value: { kind: 'text', value: 'sk_live_first_value_1234' },
    });
    expect(created).toMatchObject({ name: 'stripe/prod', environment: 'prod', status: 'active', valueVersion: 1, trashedAt: null });
    expect(h.events).toContainEqual({ type: 'vault.changed' });
    expect((await h.fail('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'text', value: 'x' } })).code).toBe('ALREADY_EXISTS');

    const edited = await h.call('credentials.edit', { id: created.id, patch: { notes: 'used by the billing worker', tags: ['billing', 'payments'] } });
    expect(edited.notes).toBe('used by the billing worker');
    expect(await h.call('credentials.get', { id: created.id })).toEqual(edited);

    await h.platform.advance(60_000);
    const rotated = await h.call('credentials.rotate', {
      id: created.id, value: { kind: 'generate', options: { length: 32, alphabet: 'alphanumeric', prefix: 'sk_live_' } }, reason: 'scheduled',
    });
    expect(rotated.valueVersion).toBe(2);
    expect(rotated.valueUpdatedAt > created.valueUpdatedAt).toBe(true);
    const revealed = await h.call('credentials.reveal', { id: created.id });
    expect(revealed.value).toMatch(/^sk_live_[A-Za-z0-9]{32}$/);
    expect(revealed.hideAfterMs).toBe(10_000);
    const history = await h.call('credentials.history', { id: created.id });
    expect(history).toEqual([{ valueVersion: 1, createdAt: created.valueUpdatedAt, replacedAt: rotated.valueUpdatedAt, reason: 'scheduled' }]);

    expect((await h.call('credentials.setStatus', { id: created.id, status: 'disabled' })).status).toBe('disabled');
    expect((await h.fail('credentials.copy', { id: created.id })).code).toBe('DISABLED');
    expect((await h.call('credentials.setStatus', { id: created.id, status: 'active' })).status).toBe('active');

    const trashed = await h.call('credentials.trash', { id: created.id });
    expect(trashed.trashedAt).not.toBeNull();
    expect((await h.call('credentials.list', {})).total).toBe(0);
    expect((await h.call('credentials.list', { scope: 'trash' })).items.map((m) => m.id)).toEqual([created.id]);
    expect((await h.fail('credentials.copy', { id: created.id })).code).toBe('DISABLED');

    const restored = await h.call('credentials.restore', { id: created.id, newName: 'stripe/prod-old' });
    expect(restored).toMatchObject({ name: 'stripe/prod-old', trashedAt: null });
    expect((await h.fail('credentials.purge', { id: created.id })).code).toBe('INVALID_INPUT'); // not in the trash
    await h.call('credentials.trash', { id: created.id });
    expect(await h.call('credentials.purge', { id: created.id })).toEqual({});
    expect((await h.fail('credentials.get', { id: created.id })).code).toBe('NOT_FOUND');
    expect((await h.call('credentials.list', { scope: 'all' })).total).toBe(0);

    const actions = (await h.call('audit.list', { credentialId: created.id })).entries.map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual([
      'create:ok', 'edit:ok', 'rotate:ok', 'reveal:ok', 'disable:ok', 'copy:denied', 'enable:ok', 'trash:ok', 'copy:denied',
      'restore:ok', 'trash:ok', 'purge:ok',
    ]);
  });

  it('ids are ids: a credential name is not accepted where the contract asks for an id', async () => {
    h = await harness();
    await h.call('credentials.create', { fields: { name: 'plainname' }, value: { kind: 'text', value: 'value-1' } });
    expect((await h.fail('credentials.get', { id: 'plainname' })).code).toBe('NOT_FOUND');
    expect((await h.fail('credentials.reveal', { id: 'plainname' })).code).toBe('NOT_FOUND');
  });
});

describe('tags', () => {
  it('lists with counts, renames, and merges on rename onto an existing tag', async () => {
    h = await harness();
    const mk = (name: string, tags: string[]) => h.call('credentials.create', { fields: { name, tags }, value: { kind: 'text', value: `v-${name}` } });
    const a = await mk('a', ['ci', 'deploy']);
    await mk('b', ['ci']);
    const c = await mk('c', ['deploy', 'build']);
    expect(await h.call('tags.list', {})).toEqual([{ tag: 'build', count: 1 }, { tag: 'ci', count: 2 }, { tag: 'deploy', count: 2 }]);

    expect(await h.call('tags.rename', { from: 'build', to: 'pipeline' })).toEqual({ changed: 1 });
    expect(await h.call('tags.rename', { from: 'deploy', to: 'ci' })).toEqual({ changed: 2 });
    expect(await h.call('tags.list', {})).toEqual([{ tag: 'ci', count: 3 }, { tag: 'pipeline', count: 1 }]);
    expect((await h.call('credentials.get', { id: a.id })).tags).toEqual(['ci']); // merged, no duplicate
    expect((await h.call('credentials.get', { id: c.id })).tags).toEqual(['ci', 'pipeline']);
    expect((await h.fail('tags.rename', { from: 'nope', to: 'x' })).code).toBe('NOT_FOUND');
    expect((await h.call('audit.list', { action: 'tag.rename' })).entries).toHaveLength(2);
  });
});

describe('settings', () => {
  it('defaults, partial update with event and audit, persisted across restarts', async () => {
    h = await harness();
    expect(await h.call('settings.get', {})).toEqual({
      autoLockMinutes: 5, lockOnScreenLock: true, lockOnSuspend: true, lockOnWindowHidden: false,
      clipboardClearSeconds: 30, clipboardExcludeFromHistory: true, backupKeep: 7, cliAccess: true, cliApproval: 'ask', reminderLeadDays: 14,
    });
    const next = await h.call('settings.set', { autoLockMinutes: 15, clipboardClearSeconds: 45 });
    expect(next).toMatchObject({ autoLockMinutes: 15, clipboardClearSeconds: 45, lockOnSuspend: true });
    expect(h.events).toContainEqual({ type: 'settings.changed', settings: next });
    const audit = (await h.call('audit.list', { action: 'settings.change' })).entries;
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toBe('autoLockMinutes=15, clipboardClearSeconds=45');
    await h.restart();
    await h.call('vault.unlock', { password: PASSWORD });
    expect(await h.call('settings.get', {})).toEqual(next);
  });
});
