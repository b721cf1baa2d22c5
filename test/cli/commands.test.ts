// Every command end to end: the real CLI process against a real vault file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, CredentialMeta, HistoryEntry } from '../../shared/model.ts';
import { EXIT_CODES } from '../../electron/cli/exit-codes.ts';
import { makeVault, removeDir, type TestVault } from './helpers.ts';

const SECRET = 'sk_test_UNIQUE_value_9f8e7d6c';
const NOTE = 'created for the billing job';

let v: TestVault;
beforeAll(async () => {
  v = await makeVault();
});
afterAll(() => removeDir(v.dir));

async function ok(args: string[], input?: string) {
  const r = await v.kh(args, input === undefined ? {} : { input });
  expect(r.stderr + `\n(exit ${r.code})`).not.toMatch(/unexpected internal error/);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

async function json<T>(args: string[]): Promise<T> {
  return JSON.parse((await ok([...args, '--json'])).stdout) as T;
}

async function meta(name: string): Promise<CredentialMeta> {
  return json<CredentialMeta>(['show', name]);
}

describe('keyhold commands', () => {
  it('add reads the value from stdin, sets every field, and get prints it exactly', async () => {
    const add = await ok([
      'add', 'stripe/prod', '--value-stdin', '--service', 'stripe', '--env', 'prod', '--type', 'partner',
      '--tag', 'payments', '--tag', 'billing', '--notes', NOTE, '--scope', 'charges:write', '--scope', 'refunds:read',
      '--allow-ip', '203.0.113.0/24', '--allow-domain', 'api.stripe.com', '--expires', '2099-01-31', '--rotate-every', '90d',
    ], SECRET + '\n');
    expect(add.stderr).toContain('Added stripe/prod');
    expect(add.stdout + add.stderr).not.toContain(SECRET);

    // Piped stdout: the exact value, no newline.
    const get = await ok(['get', 'stripe/prod']);
    expect(get.stdout).toBe(SECRET);

    const m = await meta('stripe/prod');
    expect(m).toMatchObject({
      name: 'stripe/prod', service: 'stripe', environment: 'prod', keyType: 'partner', tags: ['payments', 'billing'],
      notes: NOTE, scopes: ['charges:write', 'refunds:read'], allowedIps: ['203.0.113.0/24'], allowedDomains: ['api.stripe.com'],
      rotationIntervalDays: 90, status: 'active', valueVersion: 1,
    });
    expect(m.expiresAt).toBe(new Date(2099, 0, 31).toISOString());
    expect(m).not.toHaveProperty('value');
  });

  it('strips only one trailing newline from stdin', async () => {
    await ok(['add', 'multi', '--value-stdin'], 'line1\nline2\n\n');
    expect((await ok(['get', 'multi'])).stdout).toBe('line1\nline2\n');
  });

  it('get --json gives one credential with its value', async () => {
    const g = await json<CredentialMeta & { value: string }>(['get', 'stripe/prod']);
    expect(g.name).toBe('stripe/prod');
    expect(g.value).toBe(SECRET);
  });

  it('add --generate uses the generator options and reports entropy', async () => {
    const r = await ok(['add', 'gen/key', '--generate', '--length', '20', '--alphabet', 'hex', '--prefix', 'tok_']);
    expect(r.stderr).toMatch(/80 bits of entropy/);
    expect((await ok(['get', 'gen/key'])).stdout).toMatch(/^tok_[0-9a-f]{20}$/);
  });

  it('add refuses a taken name and a missing value', async () => {
    const dup = await v.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'other' });
    expect(dup.code).toBe(EXIT_CODES.ALREADY_EXISTS);
    // No stdin flag, no generator, no terminal: nothing to read the value from.
    const none = await v.kh(['add', 'novalue']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--value-stdin or --generate/);
    const empty = await v.kh(['add', 'empty', '--value-stdin'], { input: '\n' });
    expect(empty.code).toBe(EXIT_CODES.INVALID_INPUT);
  });

  it('ls lists metadata with filters, search and badges, never values', async () => {
    await ok(['add', 'github/ci', '--value-stdin', '--service', 'github', '--env', 'dev', '--tag', 'ci', '--expires', '2020-01-01'], 'ghp_' + SECRET);
    const text = await ok(['ls']);
    expect(text.stdout).toMatch(/^NAME\s+SERVICE\s+ENV\s+TYPE\s+STATUS\s+TAGS\s+VALUE SET\s+ATTENTION/);
    expect(text.stdout).toMatch(/stripe\/prod\s+stripe\s+prod\s+partner\s+active\s+payments,billing\s+just now/);
    expect(text.stdout).toMatch(/github\/ci .*expired \d+ years ago/);
    expect(text.stdout).not.toContain(SECRET);

    const all = await json<(CredentialMeta & { attention: string[] })[]>(['ls']);
    expect(all.map((m) => m.name)).toEqual(['gen/key', 'github/ci', 'multi', 'stripe/prod']);
    expect(all.find((m) => m.name === 'github/ci')?.attention).toEqual(['expired']);
    expect(JSON.stringify(all)).not.toContain(SECRET);

    const names = async (args: string[]) => (await json<CredentialMeta[]>(['ls', ...args])).map((m) => m.name);
    expect(await names(['--tag', 'payments'])).toEqual(['stripe/prod']);
    expect(await names(['--tag', 'payments', '--tag', 'ci'])).toEqual([]);
    expect(await names(['--env', 'dev'])).toEqual(['github/ci']);
    expect(await names(['--type', 'partner'])).toEqual(['stripe/prod']);
    expect(await names(['--search', 'BILLING JOB'])).toEqual(['stripe/prod']);
    expect(await names(['--attention'])).toEqual(['github/ci']);
    expect((await v.kh(['ls', '--env', 'production'])).code).toBe(2);
  });

  it('get refuses an expired credential', async () => {
    const r = await v.kh(['get', 'github/ci']);
    expect(r.code).toBe(EXIT_CODES.EXPIRED);
    expect(r.stdout).toBe('');
  });

  it('edit changes only the given fields, renames, and adds/removes tags', async () => {
    await ok(['edit', 'github/ci', '--rename', 'github/actions', '--env', 'staging', '--add-tag', 'deploy', '--remove-tag', 'ci', '--expires', 'never', '--scope', 'repo']);
    const m = await meta('github/actions');
    expect(m).toMatchObject({ name: 'github/actions', environment: 'staging', tags: ['deploy'], expiresAt: null, scopes: ['repo'], service: 'github' });
    expect((await v.kh(['show', 'github/ci'])).code).toBe(EXIT_CODES.NOT_FOUND);
    // Expiry cleared: get works again.
    expect((await ok(['get', 'github/actions'])).stdout).toBe('ghp_' + SECRET);

    await ok(['edit', 'github/actions', '--scope', '', '--rotate-every', 'never', '--notes-stdin'], 'notes from stdin\n');
    expect(await meta('github/actions')).toMatchObject({ scopes: [], rotationIntervalDays: null, notes: 'notes from stdin' });

    expect((await v.kh(['edit', 'github/actions'])).code).toBe(2);
    expect((await v.kh(['edit', 'github/actions', '--type', 'secret'])).code).toBe(2);
    expect((await v.kh(['edit', 'github/actions', '--allow-ip', 'not-an-ip'])).code).toBe(2);
    expect((await v.kh(['edit', 'nope', '--env', 'dev'])).code).toBe(EXIT_CODES.NOT_FOUND);
  });

  it('rotate keeps every previous value in history with its reason', async () => {
    const r1 = await ok(['rotate', 'stripe/prod', '--value-stdin', '--reason', 'quarterly rotation'], 'sk_test_second');
    expect(r1.stderr).toContain('value version 2');
    await ok(['rotate', 'stripe/prod', '--generate', '--prefix', 'sk_test_']);
    expect((await ok(['get', 'stripe/prod'])).stdout).toMatch(/^sk_test_[A-Za-z0-9_-]{32}$/);

    const h = await json<{ name: string; current: { valueVersion: number }; previous: HistoryEntry[] }>(['history', 'stripe/prod']);
    expect(h.current.valueVersion).toBe(3);
    expect(h.previous.map((e) => [e.valueVersion, e.reason])).toEqual([[2, ''], [1, 'quarterly rotation']]);
    expect(JSON.stringify(h)).not.toContain(SECRET);

    const text = await ok(['history', 'stripe/prod']);
    expect(text.stdout).toMatch(/3 \(current\)/);
    expect(text.stdout).toContain('quarterly rotation');
    expect(text.stdout).not.toContain(SECRET);
    expect(text.stdout).not.toContain('sk_test_second');

    // Previous values stay readable during the changeover.
    expect((await ok(['get', 'stripe/prod', '--version', '1'])).stdout).toBe(SECRET);
    expect((await ok(['get', 'stripe/prod', '--version', '2'])).stdout).toBe('sk_test_second');
    expect((await v.kh(['get', 'stripe/prod', '--version', '9'])).code).toBe(EXIT_CODES.NOT_FOUND);
  });

  it('disable makes get fail until enable; revoke too; mark-compromised warns', async () => {
    expect((await ok(['disable', 'multi'])).stderr).toContain('Disabled multi');
    const refused = await v.kh(['get', 'multi']);
    expect(refused.code).toBe(EXIT_CODES.DISABLED);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^keyhold: .*disabled/);
    expect((await v.kh(['get', 'multi', '--version', '1'])).code).toBe(EXIT_CODES.DISABLED);
    expect((await json<CredentialMeta[]>(['ls', '--status', 'disabled'])).map((m) => m.name)).toEqual(['multi']);

    await ok(['enable', 'multi']);
    expect((await ok(['get', 'multi'])).stdout).toBe('line1\nline2\n');

    await ok(['revoke', 'multi']);
    expect((await v.kh(['get', 'multi'])).code).toBe(EXIT_CODES.DISABLED);

    const mc = await ok(['mark-compromised', 'gen/key']);
    expect(mc.stderr).toContain('keyhold rotate gen/key');
    const g = await ok(['get', 'gen/key']);
    expect(g.stderr).toMatch(/warning: gen\/key is marked compromised/);
    expect((await meta('gen/key')).status).toBe('compromised');
  });

  it('rm moves to the trash; restore brings it back; purge deletes for good', async () => {
    await ok(['rm', 'multi']);
    expect((await json<CredentialMeta[]>(['ls'])).map((m) => m.name)).not.toContain('multi');
    expect((await json<CredentialMeta[]>(['trash'])).map((m) => m.name)).toEqual(['multi']);
    expect((await ok(['trash'])).stdout).toMatch(/multi\s+-\s+other\s+revoked\s+just now/);
    const get = await v.kh(['get', 'multi']);
    expect(get.code).toBe(EXIT_CODES.NOT_FOUND);
    expect(get.stderr).toContain('in the trash');

    await ok(['restore', 'multi']);
    expect((await json<CredentialMeta[]>(['ls'])).map((m) => m.name)).toContain('multi');
    expect((await json<CredentialMeta[]>(['trash']))).toEqual([]);
    expect((await v.kh(['restore', 'multi'])).code).toBe(EXIT_CODES.INVALID_INPUT);

    await ok(['rm', 'multi']);
    await ok(['restore', 'multi', '--as', 'multi2']);
    await ok(['rm', 'multi2']);
    // Not on a terminal: purge needs --yes, and refuses what is not in the trash.
    const noYes = await v.kh(['purge', 'multi2']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    expect((await v.kh(['purge', 'stripe/prod', '--yes'])).code).toBe(EXIT_CODES.INVALID_INPUT);
    expect((await ok(['purge', 'multi2', '--yes'])).stderr).toContain('Purged multi2');
    expect(await json<CredentialMeta[]>(['trash'])).toEqual([]);
    expect((await v.kh(['show', 'multi2'])).code).toBe(EXIT_CODES.NOT_FOUND);
    expect((await v.kh(['purge', 'multi2', '--yes'])).code).toBe(EXIT_CODES.NOT_FOUND);
  });

  it('audit lists every action with filters and --json, never a value', async () => {
    const all = await json<AuditEntry[]>(['audit']);
    const actions = new Set(all.map((e) => e.action));
    for (const a of ['vault.create', 'unlock', 'lock', 'create', 'edit', 'get', 'rotate', 'history.reveal', 'disable', 'enable', 'revoke', 'compromised', 'trash', 'restore', 'purge']) {
      expect(actions, a).toContain(a);
    }
    expect(all.every((e) => e.origin.kind === 'cli' && typeof e.origin.command === 'string')).toBe(true);
    expect(all.find((e) => e.action === 'rotate')?.origin).toEqual({ kind: 'cli', command: 'rotate' });
    expect(all.some((e) => e.action === 'get' && e.result === 'denied')).toBe(true);

    const gets = await json<AuditEntry[]>(['audit', '--action', 'get']);
    expect(gets.length).toBeGreaterThan(0);
    expect(gets.every((e) => e.action === 'get')).toBe(true);

    const stripe = await json<AuditEntry[]>(['audit', '--credential', 'stripe/prod']);
    expect(stripe.length).toBeGreaterThan(3);
    expect(stripe.every((e) => e.credentialName === 'stripe/prod')).toBe(true);
    // A purged credential is still found by the name its records carry.
    const purged = await json<AuditEntry[]>(['audit', '--credential', 'multi2']);
    expect(purged.map((e) => e.action)).toContain('purge');

    expect(await json<AuditEntry[]>(['audit', '--since', '2999-01-01'])).toEqual([]);
    expect((await json<AuditEntry[]>(['audit', '--since', '2000-01-01'])).length).toBeGreaterThanOrEqual(all.length);
    expect((await json<AuditEntry[]>(['audit', '--since', '1h'])).length).toBeGreaterThan(0);
    expect((await json<AuditEntry[]>(['audit', '--action', 'rotate', '--credential', 'stripe/prod'])).length).toBe(2);

    const text = await ok(['audit', '--credential', 'stripe/prod']);
    expect(text.stdout).toMatch(/^TIME\s+ACTION\s+CREDENTIAL\s+ORIGIN\s+RESULT\s+DETAIL/);
    expect(text.stdout).toMatch(/rotate\s+stripe\/prod\s+cli rotate\s+ok\s+version 2: quarterly rotation/);

    const everything = (await ok(['audit'])).stdout + JSON.stringify(await json<AuditEntry[]>(['audit']));
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('sk_test_second');

    expect((await v.kh(['audit', '--action', 'teleport'])).code).toBe(2);
    expect((await v.kh(['audit', '--since', 'last tuesday'])).code).toBe(2);
  });

  it('verify and audit --verify pass on an untouched vault and print no values', async () => {
    const r = await ok(['verify']);
    expect(r.stdout).toMatch(/Checked \d+ records and \d+ audit entries/);
    expect(r.stdout).toContain('OK');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const report = await json<{ ok: boolean; failures: unknown[] }>(['verify']);
    expect(report).toMatchObject({ ok: true, failures: [] });
    expect((await ok(['audit', '--verify'])).stdout).toContain('OK');
  });

  it('show prints the details but never the value', async () => {
    const r = await ok(['show', 'stripe/prod']);
    expect(r.stdout).toMatch(/name:\s+stripe\/prod/);
    expect(r.stdout).toMatch(/rotate every:\s+90 days/);
    expect(r.stdout).toContain(NOTE);
    expect(r.stdout).not.toContain(SECRET);
  });
});
