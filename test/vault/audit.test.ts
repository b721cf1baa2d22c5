// Every access and change leaves a sealed audit record with time, action, credential, origin and
// result, and never the value.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Vault } from '../../electron/vault/index.ts';
import type { AuditAction, AuditEntry } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { CLI, DESKTOP, LOW_KDF, PASSWORD, TestClock, newVault, tempDir } from './helpers.ts';

describe('audit trail', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('records every action with its origin, result and credential, and never a value', async () => {
    const { vault, path, clock } = await newVault(t.dir);
    const get = { kind: 'cli', command: 'get' } as const;
    const m = vault.add({ name: 'svc/key', tags: ['a'] }, 'VALUE-1', CLI);
    vault.edit('svc/key', { notes: 'n' }, DESKTOP);
    vault.readValue('svc/key', 'reveal', DESKTOP);
    vault.readValue('svc/key', 'get', get);
    vault.readValue('svc/key', 'copy', DESKTOP);
    vault.readValue('svc/key', 'run', CLI);
    vault.rotate('svc/key', 'VALUE-2', 'because', CLI);
    vault.readHistoryValue('svc/key', 1, DESKTOP);
    vault.setStatus('svc/key', 'disabled', CLI);
    expect(() => vault.readValue('svc/key', 'get', get)).toThrow(KeyholdError);
    vault.setStatus('svc/key', 'active', CLI);
    vault.setStatus('svc/key', 'compromised', CLI);
    vault.setStatus('svc/key', 'revoked', CLI);
    vault.renameTag('a', 'b', DESKTOP);
    vault.record('export', DESKTOP, { detail: 'to file' });
    vault.trash('svc/key', CLI);
    vault.restore('svc/key', CLI);
    vault.trash('svc/key', CLI);
    vault.purge('svc/key', CLI);
    vault.lock(DESKTOP);
    await expect(vault.unlock('nope', CLI)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    clock.advance(5000);
    await vault.unlock(PASSWORD, CLI);
    await vault.changePassword(PASSWORD, 'new password', CLI, LOW_KDF);

    const entries = vault.audit();
    const actions = entries.map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual([
      'vault.create:ok', 'create:ok', 'edit:ok', 'reveal:ok', 'get:ok', 'copy:ok', 'run:ok', 'rotate:ok', 'history.reveal:ok',
      'disable:ok', 'get:denied', 'enable:ok', 'compromised:ok', 'revoke:ok', 'tag.rename:ok', 'export:ok', 'trash:ok',
      'restore:ok', 'trash:ok', 'purge:ok', 'lock:ok', 'unlock.failed:failed', 'unlock:ok', 'password.change:ok',
    ]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const byAction = (a: AuditAction): AuditEntry => entries.find((e) => e.action === a) as AuditEntry;
    expect(byAction('create')).toMatchObject({ credentialId: m.id, credentialName: 'svc/key', origin: CLI, result: 'ok', time: '2025-01-01T00:00:00.000Z' });
    expect(byAction('get')).toMatchObject({ origin: get });
    expect(byAction('edit').detail).toBe('changed: notes');
    expect(byAction('unlock.failed').time).toBe('2025-01-01T00:00:00.000Z');
    expect(byAction('unlock').time).toBe('2025-01-01T00:00:05.000Z');
    for (const e of entries) expect(JSON.stringify(e)).not.toMatch(/VALUE-|new password|correct horse/);

    // Filters.
    expect(vault.audit({ credentialId: m.id }).length).toBe(17);
    expect(vault.audit({ action: 'get' }).map((e) => e.result)).toEqual(['ok', 'denied']);
    expect(vault.audit({ originKind: 'desktop' }).every((e) => e.origin.kind === 'desktop')).toBe(true);
    expect(vault.audit({ since: '2025-01-01T00:00:01.000Z' }).map((e) => e.action)).toEqual(['unlock', 'password.change']);
    expect(vault.audit({ limit: 2 }).map((e) => e.action)).toEqual(['unlock', 'password.change']);
    expect(vault.verify().audit).toMatchObject({ ok: true, entries: 24 });

    vault.close();
    // close() records the lock with the session's origin
    const v = Vault.open(path, { clock: clock.now });
    await v.unlock('new password', DESKTOP);
    const tail = v.audit({ limit: 2 });
    expect(tail.map((e) => [e.action, e.origin.kind])).toEqual([['lock', 'cli'], ['unlock', 'desktop']]);
    v.close();
    expect(readFileSync(path).includes(Buffer.from('svc/key'))).toBe(false);
  });

  it('two handles on one file (desktop + CLI) share one unforked chain and see each other’s changes', async () => {
    const clock = new TestClock();
    const { vault: desktop, path } = await newVault(t.dir, clock);
    const cli = Vault.open(path, { clock: clock.now });
    await cli.unlock(PASSWORD, CLI);
    desktop.add({ name: 'from-desktop' }, 'd', DESKTOP);
    cli.add({ name: 'from-cli' }, 'c', CLI);
    expect(desktop.list().map((m) => m.name)).toEqual(['from-cli', 'from-desktop']);
    expect(() => desktop.add({ name: 'from-cli' }, 'x', DESKTOP)).toThrow(/already exists/);
    cli.edit('from-desktop', { tags: ['seen'] }, CLI);
    expect(desktop.get('from-desktop').tags).toEqual(['seen']);
    for (let i = 0; i < 5; i++) {
      desktop.readValue('from-cli', 'copy', DESKTOP);
      cli.readValue('from-desktop', 'get', CLI);
    }
    cli.trash('from-cli', CLI);
    cli.purge('from-cli', CLI);
    expect(() => desktop.get('from-cli')).toThrow(/No credential/);
    expect(desktop.verify()).toMatchObject({ ok: true, failures: [], audit: { ok: true } });
    expect(cli.audit().map((e) => e.seq)).toEqual(desktop.audit().map((e) => e.seq));
    cli.close();
    desktop.close();
  });
});
