// Credential lifecycle: edit, rotation history, status, trash/restore/purge, tags, documents.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vault } from '../../electron/vault/index.ts';
import { CLI, DESKTOP, newVault, tempDir, type TestClock, errorOf } from './helpers.ts';

describe('credential lifecycle', () => {
  let t: ReturnType<typeof tempDir>;
  let vault: Vault;
  let clock: TestClock;
  beforeEach(async () => {
    t = tempDir();
    ({ vault, clock } = await newVault(t.dir));
  });
  afterEach(() => {
    vault.close();
    t.cleanup();
  });

  it('edits fields, dedupes tags and bumps updatedAt only', () => {
    const m = vault.add({ name: 'gh', service: 'github' }, 'ghp_1', CLI);
    clock.advance(1000);
    const e = vault.edit('gh', { service: 'GitHub', tags: ['ci', 'ci', 'bot'], environment: 'prod', expiresAt: '2030-01-01T00:00:00Z' }, CLI);
    expect(e).toMatchObject({ service: 'GitHub', tags: ['ci', 'bot'], environment: 'prod', createdAt: m.createdAt, valueUpdatedAt: m.valueUpdatedAt });
    expect(e.updatedAt > m.updatedAt).toBe(true);
    const renamed = vault.edit(m.id, { name: 'github/ci' }, CLI);
    expect(renamed.name).toBe('github/ci');
    expect(errorOf(() => vault.get('gh'))?.code).toBe('NOT_FOUND');
    expect(errorOf(() => vault.edit(m.id, { rotationIntervalDays: 0 }, CLI))?.code).toBe('INVALID_INPUT');
    expect(errorOf(() => vault.edit(m.id, { bogus: 1 } as never, CLI))?.code).toBe('INVALID_INPUT');
  });

  it('rotation keeps every previous value with when and why', () => {
    vault.add({ name: 'k' }, 'v1', CLI);
    clock.advance(1000);
    vault.rotate('k', 'v2', 'scheduled', CLI);
    clock.advance(1000);
    const m = vault.rotate('k', 'v3', 'leaked in CI log', CLI);
    expect(m.valueVersion).toBe(3);
    expect(m.valueUpdatedAt).toBe(new Date(clock.t).toISOString());
    expect(vault.readValue('k', 'get', CLI)).toBe('v3');
    const h = vault.history('k');
    expect(h).toEqual([
      { valueVersion: 2, createdAt: '2025-01-01T00:00:01.000Z', replacedAt: '2025-01-01T00:00:02.000Z', reason: 'leaked in CI log' },
      { valueVersion: 1, createdAt: '2025-01-01T00:00:00.000Z', replacedAt: '2025-01-01T00:00:01.000Z', reason: 'scheduled' },
    ]);
    expect(vault.readHistoryValue('k', 1, CLI)).toBe('v1');
    expect(vault.readHistoryValue('k', 2, CLI)).toBe('v2');
    expect(errorOf(() => vault.readHistoryValue('k', 9, CLI))?.code).toBe('NOT_FOUND');
    expect(errorOf(() => vault.rotate('k', '', 'x', CLI))?.code).toBe('INVALID_INPUT');
  });

  it('disabled and revoked credentials are refused by get/run/copy/share but can be revealed', () => {
    vault.add({ name: 'd' }, 'dv', CLI);
    for (const status of ['disabled', 'revoked'] as const) {
      vault.setStatus('d', status, CLI);
      for (const purpose of ['get', 'run', 'copy', 'share'] as const) {
        const e = errorOf(() => vault.readValue('d', purpose, CLI));
        expect(e?.code).toBe('DISABLED');
        expect(e?.message).not.toContain('dv');
      }
      expect(vault.readValue('d', 'reveal', CLI)).toBe('dv');
    }
    vault.setStatus('d', 'compromised', CLI);
    expect(vault.readValue('d', 'get', CLI)).toBe('dv');
    vault.setStatus('d', 'active', CLI);
    expect(vault.readValue('d', 'run', CLI)).toBe('dv');
  });

  it('expired credentials are refused by get and run', () => {
    vault.add({ name: 'e', expiresAt: '2025-01-02T00:00:00Z' }, 'ev', CLI);
    expect(vault.readValue('e', 'get', CLI)).toBe('ev');
    clock.advance(2 * 86_400_000);
    expect(errorOf(() => vault.readValue('e', 'get', CLI))?.message).toMatch(/expired on/);
    expect(errorOf(() => vault.readValue('e', 'run', CLI))?.code).toBe('EXPIRED');
    expect(vault.readValue('e', 'copy', CLI)).toBe('ev');
  });

  it('trash, restore (with a new name) and purge', () => {
    const m = vault.add({ name: 't', tags: ['x'] }, 'tv', CLI);
    vault.add({ name: 'keep', tags: ['x'] }, 'kv', CLI);
    expect(errorOf(() => vault.purge('t', CLI))?.code).toBe('INVALID_INPUT');
    const tr = vault.trash('t', CLI);
    expect(tr.trashedAt).not.toBeNull();
    expect(vault.list().map((x) => x.name)).toEqual(['keep']);
    expect(vault.list({ scope: 'trash' }).map((x) => x.name)).toEqual(['t']);
    expect(vault.list({ scope: 'all' }).map((x) => x.name)).toEqual(['keep', 't']);
    expect(vault.tags()).toEqual([{ tag: 'x', count: 1 }]);
    expect(errorOf(() => vault.readValue('t', 'get', CLI))?.code).toBe('DISABLED');
    expect(vault.readValue('t', 'reveal', CLI)).toBe('tv');
    expect(vault.get('t').id).toBe(m.id);
    expect(errorOf(() => vault.restore('keep', CLI))?.code).toBe('INVALID_INPUT');
    expect(errorOf(() => vault.restore('t', CLI, 'keep'))?.code).toBe('ALREADY_EXISTS');
    const r = vault.restore('t', CLI, 't2');
    expect(r).toMatchObject({ name: 't2', trashedAt: null });
    vault.trash('t2', CLI);
    vault.purge('t2', CLI);
    expect(errorOf(() => vault.get(m.id))?.code).toBe('NOT_FOUND');
    expect(vault.list({ scope: 'all' }).map((x) => x.name)).toEqual(['keep']);
    // The name is free again once purged.
    vault.add({ name: 't2' }, 'new', CLI);
    expect(vault.verify().ok).toBe(true);
  });

  it('renames tags and merges onto an existing tag', () => {
    vault.add({ name: 'a', tags: ['old', 'new'] }, '1', CLI);
    vault.add({ name: 'b', tags: ['old'] }, '2', CLI);
    vault.add({ name: 'c', tags: ['other'] }, '3', CLI);
    expect(vault.renameTag('old', 'new', DESKTOP)).toBe(2);
    expect(vault.get('a').tags).toEqual(['new']);
    expect(vault.get('b').tags).toEqual(['new']);
    expect(vault.tags()).toEqual([{ tag: 'new', count: 2 }, { tag: 'other', count: 1 }]);
    expect(vault.renameTag('missing', 'x', DESKTOP)).toBe(0);
  });

  it('marks credentials as shared', () => {
    const m = vault.add({ name: 's' }, 'sv', CLI);
    vault.markShared([m.id], '2025-02-01T00:00:00.000Z');
    expect(vault.get('s').lastSharedAt).toBe('2025-02-01T00:00:00.000Z');
    expect(errorOf(() => vault.markShared(['nope'], '2025-02-01T00:00:00.000Z'))?.code).toBe('NOT_FOUND');
  });

  it('stores generic sealed documents', () => {
    expect(vault.getDoc('contact', 'alice')).toBeUndefined();
    vault.putDoc('contact', 'alice', { name: 'Alice', key: 'age1...' });
    vault.putDoc('contact', 'bob', { name: 'Bob' });
    vault.putDoc('setting', 'alice', { other: true });
    expect(vault.getDoc<{ name: string }>('contact', 'alice')?.name).toBe('Alice');
    expect(vault.listDocs('contact').map((d) => d.id)).toEqual(['alice', 'bob']);
    vault.putDoc('contact', 'alice', { name: 'Alice 2' });
    expect(vault.getDoc<{ name: string }>('contact', 'alice')?.name).toBe('Alice 2');
    expect(vault.deleteDoc('contact', 'alice')).toBe(true);
    expect(vault.deleteDoc('contact', 'alice')).toBe(false);
    expect(vault.listDocs('contact').map((d) => d.id)).toEqual(['bob']);
    expect(vault.getDoc('setting', 'alice')).toEqual({ other: true });
    expect(errorOf(() => vault.putDoc('nope' as never, 'x', {}))?.code).toBe('INVALID_INPUT');
  });

  it('never puts a value in an error message', () => {
    vault.add({ name: 'n' }, 'VALUE-THAT-MUST-NOT-LEAK', CLI);
    vault.setStatus('n', 'disabled', CLI);
    const msgs = [
      errorOf(() => vault.readValue('n', 'get', CLI))?.message,
      errorOf(() => vault.add({ name: 'n' }, 'VALUE-THAT-MUST-NOT-LEAK', CLI))?.message,
      errorOf(() => vault.rotate('n', 'x'.repeat(70_000), 'r', CLI))?.message,
    ];
    for (const m of msgs) {
      expect(m).toBeDefined();
      expect(m).not.toContain('VALUE-THAT-MUST-NOT-LEAK');
      expect(m).not.toContain('xxxxxxxx');
    }
  });
});
