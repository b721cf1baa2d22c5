// Input validation at the boundary, and the locked state: malformed input is refused with
// INVALID_INPUT before anything runs (the vault is untouched), and only status, create, unlock,
// lock and the generator work while locked.
import { afterEach, describe, expect, it } from 'vitest';
import { contract, OP_NAMES, type OpName } from '../../shared/contract.ts';
import { harness, PASSWORD, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const SECRET = 'sk_live_DO_NOT_ECHO_4f9a2b';

/** A well-formed input for every operation (the record type makes sure none is forgotten). */
function validInputs(id: string): Record<OpName, unknown> {
  return {
    'vault.status': {},
    'vault.create': { password: 'another long password' },
    'vault.unlock': { password: PASSWORD },
    'vault.lock': {},
    'vault.changePassword': { oldPassword: PASSWORD, newPassword: 'a new password here' },
    'vault.kdf': {},
    'vault.verify': {},
    'credentials.list': { query: 'x', scope: 'all', sort: 'expiry', offset: 0, limit: 10 },
    'credentials.get': { id },
    'credentials.create': { fields: { name: 'new' }, value: { kind: 'text', value: 'v' } },
    'credentials.edit': { id, patch: { notes: 'n' } },
    'credentials.rotate': { id, value: { kind: 'generate', options: { length: 16, alphabet: 'hex' } }, reason: 'r' },
    'credentials.setStatus': { id, status: 'disabled' },
    'credentials.trash': { id },
    'credentials.restore': { id },
    'credentials.purge': { id },
    'credentials.reveal': { id },
    'credentials.copy': { id },
    'credentials.history': { id },
    'tags.list': {},
    'tags.rename': { from: 'a', to: 'b' },
    'audit.list': { limit: 5 },
    'settings.get': {},
    'settings.set': { autoLockMinutes: 10 },
    'identity.get': {},
    'contacts.list': {},
    'contacts.add': { name: 'bob', line: 'keyhold1-something' },
    'contacts.remove': { name: 'bob' },
    'share.create': { credentialIds: [id], to: { kind: 'passphrase', passphrase: 'a long passphrase' }, expiresInSeconds: 3600 },
    'share.preview': { source: { kind: 'bytes', base64: 'AAAA' } },
    'share.import': { token: 'tok' },
    'share.listSent': {},
    'import.choose': {},
    'import.drop': { path: '/tmp/x/.env' },
    'import.preview': { token: 'tok', onClash: 'skip' },
    'import.apply': { token: 'tok', onClash: 'rename', rows: [{ index: 0, include: true, name: 'x', environment: 'dev', tags: [] }] },
    'backup.status': {},
    'backup.now': {},
    'restore.preview': { password: 'pw' },
    'restore.apply': { token: 'tok' },
    'agent.approve': { id: 'no-such-request', decision: 'deny' },
    'health.report': {},
    'health.tick': { id, step: 'revoke', done: true },
    'scan.run': { target: 'home' },
    'credentials.damaged': {},
    'rollback.status': {},
    'rollback.acknowledge': {},
    'generator.draft': { options: { length: 16, alphabet: 'hex' } },
    'generator.reveal': { draftId: 'no-such-draft' },
    'generator.discard': { draftId: 'no-such-draft' },
  };
}

const ALLOWED_WHILE_LOCKED: OpName[] = ['vault.status', 'vault.create', 'vault.unlock', 'vault.lock'];

async function snapshot(): Promise<string> {
  const list = await h.call('credentials.list', { scope: 'all' });
  const audit = await h.call('audit.list', {});
  const settings = await h.call('settings.get', {});
  return JSON.stringify({ list, audit: audit.entries.length, settings });
}

describe('schema rejection', () => {
  it('every valid sample passes its schema (so the rejections below are about the change)', () => {
    const inputs = validInputs('abc-123');
    for (const op of OP_NAMES) expect(contract[op].input.safeParse(inputs[op]).success, op).toBe(true);
  });

  it('rejects malformed inputs with INVALID_INPUT and leaves the vault untouched', async () => {
    h = await harness();
    const { id } = await h.call('credentials.create', { fields: { name: 'target' }, value: { kind: 'text', value: SECRET } });
    const before = await snapshot();
    const bad: [string, unknown][] = [
      // wrong types
      ['credentials.get', { id: 42 }],
      ['credentials.get', null],
      ['credentials.get', undefined],
      ['credentials.get', 'just a string'],
      ['credentials.get', [id]],
      ['credentials.create', { fields: { name: 'x' }, value: SECRET }],
      ['credentials.create', { fields: { name: 7 }, value: { kind: 'text', value: 'v' } }],
      ['credentials.setStatus', { id, status: 'deleted' }],
      ['credentials.list', { limit: 0 }],
      ['credentials.list', { offset: -1 }],
      ['credentials.list', { scope: 'everything' }],
      ['settings.set', { autoLockMinutes: '5' }],
      ['settings.set', { clipboardClearSeconds: 1 }],
      ['generator.draft', { options: { length: 4, alphabet: 'hex' } }],
      ['generator.reveal', { draftId: 42 }],
      ['credentials.create', { fields: { name: 'x' }, value: { kind: 'draft', draftId: '../x' } }],
      ['vault.unlock', { password: 12345678 }],
      // extra fields, top level and nested
      ['credentials.get', { id, extra: true }],
      ['credentials.edit', { id, patch: { notes: 'n', value: SECRET } }],
      ['credentials.create', { fields: { name: 'x' }, value: { kind: 'text', value: SECRET, note: 'x' } }],
      ['settings.set', { autoLockMinutes: 10, debug: true }],
      ['vault.status', { verbose: 1 }],
      // over-long strings and lists
      ['credentials.create', { fields: { name: 'n'.repeat(201) }, value: { kind: 'text', value: 'v' } }],
      ['credentials.create', { fields: { name: 'big' }, value: { kind: 'text', value: 'v'.repeat(64 * 1024 + 1) } }],
      ['credentials.edit', { id, patch: { notes: 'n'.repeat(20_001) } }],
      ['credentials.edit', { id, patch: { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) } }],
      ['credentials.list', { query: 'q'.repeat(1001) }],
      ['credentials.get', { id: 'i'.repeat(65) }],
      ['credentials.get', { id: '../../etc/passwd' }],
      ['vault.unlock', { password: 'p'.repeat(1025) }],
      ['tags.rename', { from: '', to: 'x' }],
      ['share.preview', { source: { kind: 'bytes', base64: 'A'.repeat(1_500_000) } }],
      ['share.import', { token: 'tok', renames: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`n${i}`, `m${i}`])) }],
      // names with control characters
      ['credentials.create', { fields: { name: 'bad\nname' }, value: { kind: 'text', value: 'v' } }],
    ];
    for (const [op, input] of bad) {
      const err = await h.fail(op, input);
      expect(err.code, `${op} ${JSON.stringify(input)?.slice(0, 80)}`).toBe('INVALID_INPUT');
      expect(err.message.length).toBeLessThan(600);
    }
    expect(await snapshot()).toBe(before);
  });

  it('never echoes a password or value in the error message', async () => {
    h = await harness();
    const cases: [string, unknown][] = [
      ['credentials.create', { fields: { name: 'x' }, value: { kind: 'txt', value: SECRET } }],
      ['credentials.create', { fields: { name: 'x' }, value: { kind: 'text', value: SECRET, [SECRET]: 1 } }],
      ['credentials.create', { fields: { name: SECRET + '\n' }, value: { kind: 'text', value: SECRET } }],
      ['credentials.edit', { id: SECRET + '!', patch: {} }],
      ['credentials.rotate', { id: 'abc', value: { kind: 'text', value: 1 }, reason: SECRET.repeat(100) }],
      ['vault.unlock', { password: SECRET, confirm: SECRET }],
      ['vault.changePassword', { oldPassword: SECRET, newPassword: 'short' }],
      ['vault.create', { password: 'short' }],
      ['share.import', { token: 't', renames: { [SECRET]: 'bad\nname' } }],
      ['share.create', { credentialIds: ['a'], to: { kind: 'passphrase', passphrase: 'short' }, expiresInSeconds: 3600 }],
    ];
    for (const [op, input] of cases) {
      const err = await h.fail(op, input);
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message, op).not.toContain(SECRET);
      expect(err.message, op).not.toContain(SECRET.slice(0, 20));
      expect(err.message).not.toContain('short"');
    }
    // The message says which field and why.
    // Field names the contract knows are shown; anything else only counted.
    const err = await h.fail('credentials.get', { id: 'ok', notes: 'x', extra: 1 });
    expect(err.message).toBe('Invalid input for credentials.get: unexpected fields "notes", 1 unknown');
    const nested = await h.fail('credentials.edit', { id: 'ok', patch: { name: 5 } });
    expect(nested.message).toBe('Invalid input for credentials.edit: patch.name: must be text');
  });

  it('unknown operations are INVALID_INPUT, including prototype names', async () => {
    h = await harness();
    for (const op of ['vault.destroy', '', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'credentials', 'x'.repeat(10_000)]) {
      const err = await h.fail(op, {});
      expect(err).toEqual({ code: 'INVALID_INPUT', message: 'Unknown operation' });
    }
  });
});

describe('locked state', () => {
  it('every operation except status, create, unlock, lock and the generator fails with LOCKED', async () => {
    h = await harness();
    const { id } = await h.call('credentials.create', { fields: { name: 'target', tags: ['a'] }, value: { kind: 'text', value: SECRET } });
    await h.call('vault.lock', {});
    const inputs = validInputs(id);
    for (const op of OP_NAMES) {
      if (ALLOWED_WHILE_LOCKED.includes(op)) continue;
      const err = await h.fail(op, inputs[op]);
      expect(err.code, op).toBe('LOCKED');
    }
    expect(h.platform.clipboard.writes).toHaveLength(0);
    expect(h.platform.dialogs).toHaveLength(0);
    // The allowed ones work while locked (create refuses only because the vault exists).
    expect((await h.call('vault.status', {})).state).toBe('locked');
    expect((await h.call('vault.lock', {})).state).toBe('locked');
    expect((await h.fail('vault.create', inputs['vault.create'])).code).toBe('VAULT_EXISTS');
    await h.call('vault.unlock', inputs['vault.unlock']);
    // Nothing happened to the credential while locked.
    const meta = await h.call('credentials.get', { id });
    expect(meta).toMatchObject({ status: 'active', trashedAt: null, valueVersion: 1, notes: '' });
  });

  it('the contract table agrees with what the service allows while locked', () => {
    const table = OP_NAMES.filter((op) => 'whileLocked' in contract[op] && (contract[op] as { whileLocked?: boolean }).whileLocked);
    expect(table.sort()).toEqual([...ALLOWED_WHILE_LOCKED].sort());
  });
});
