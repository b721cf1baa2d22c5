// credentials.list: search over name, service, tags and notes; filters; scopes; sorts; paging.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/app-harness.ts';

let h: Harness;
const id: Record<string, string> = {};

async function add(name: string, f: Record<string, unknown>, advanceMs = 1_000): Promise<void> {
  await h.platform.advance(advanceMs);
  const m = await h.call('credentials.create', { fields: { name, ...f }, value: { kind: 'text', value: `value-of-${name}` } });
  id[name] = m.id;
}

beforeAll(async () => {
  h = await harness();
  await add('Stripe/prod', { service: 'Stripe', environment: 'prod', keyType: 'private', tags: ['billing'], expiresAt: '2025-06-01T00:00:00Z' });
  await add('stripe/dev', { service: 'Stripe', environment: 'dev', keyType: 'public', tags: ['billing', 'test'] });
  await add('github/ci', { service: 'GitHub', environment: 'other', keyType: 'partner', tags: ['CI'], notes: 'Used by the deploy pipeline', expiresAt: '2025-03-01T00:00:00+02:00' });
  await add('aws/root', { service: 'Amazon', environment: 'prod', keyType: 'private', notes: 'break-glass only' });
  await add('old/token', { service: 'Legacy', environment: 'staging', keyType: 'temporary', expiresAt: '2025-02-01T00:00:00Z' });
  await add('sendgrid', { service: 'SendGrid', environment: 'prod', keyType: 'private', tags: ['email'] });
  await add('item 10', { service: 'numbers' });
  await add('item 9', { service: 'numbers' });
  await h.call('credentials.setStatus', { id: id['aws/root'], status: 'disabled' });
  await h.call('credentials.setStatus', { id: id['sendgrid'], status: 'compromised' });
  await h.call('credentials.trash', { id: id['old/token'] });
  await h.platform.advance(1_000);
  await h.call('credentials.rotate', { id: id['github/ci'], value: { kind: 'text', value: 'rotated' }, reason: '' });
});
afterAll(async () => {
  await h.cleanup();
});

async function names(q: Record<string, unknown>): Promise<string[]> {
  return (await h.call('credentials.list', q)).items.map((m) => m.name);
}

describe('credentials.list', () => {
  it('default: everything outside the trash, any status, sorted by name (numeric-aware)', async () => {
    const r = await h.call('credentials.list', {});
    expect(r.total).toBe(7);
    expect(r.items.map((m) => m.name)).toEqual(['aws/root', 'github/ci', 'item 9', 'item 10', 'sendgrid', 'stripe/dev', 'Stripe/prod']);
  });

  it('searches case-insensitively in name, service, tags and notes', async () => {
    expect(await names({ query: 'STRIPE' })).toEqual(['stripe/dev', 'Stripe/prod']);
    expect(await names({ query: 'amazon' })).toEqual(['aws/root']); // service
    expect(await names({ query: 'ci' })).toEqual(['github/ci']); // name and tag
    expect(await names({ query: 'K-GLASS' })).toEqual(['aws/root']); // notes
    expect(await names({ query: 'deploy pipe' })).toEqual(['github/ci']);
    expect(await names({ query: 'bill' })).toEqual(['stripe/dev', 'Stripe/prod']); // tag
    expect(await names({ query: 'legacy' })).toEqual([]); // only in the trash
    expect(await names({ query: 'legacy', scope: 'trash' })).toEqual(['old/token']);
    expect(await names({ query: 'value-of' })).toEqual([]); // values are never searched
    expect(await names({ query: '' })).toHaveLength(7);
  });

  it('filters by tag, environment and key type, combined with the search', async () => {
    expect(await names({ tag: 'billing' })).toEqual(['stripe/dev', 'Stripe/prod']);
    expect(await names({ tag: 'bill' })).toEqual([]); // tags match exactly
    expect(await names({ environment: 'prod' })).toEqual(['aws/root', 'sendgrid', 'Stripe/prod']);
    expect(await names({ keyType: 'private', environment: 'prod', query: 's' })).toEqual(['aws/root', 'sendgrid', 'Stripe/prod']);
    expect(await names({ keyType: 'public' })).toEqual(['stripe/dev']);
    expect(await names({ tag: 'billing', environment: 'dev' })).toEqual(['stripe/dev']);
  });

  it('scopes: active = not trashed, a status name = not trashed with that status, trash, all', async () => {
    expect(await names({ scope: 'active' })).toHaveLength(7);
    expect(await names({ scope: 'disabled' })).toEqual(['aws/root']);
    expect(await names({ scope: 'compromised' })).toEqual(['sendgrid']);
    expect(await names({ scope: 'revoked' })).toEqual([]);
    expect(await names({ scope: 'trash' })).toEqual(['old/token']);
    expect(await names({ scope: 'all' })).toHaveLength(8);
  });

  it('sorts by last rotation (newest first) and by expiry (soonest first, none last)', async () => {
    expect(await names({ sort: 'rotated' })).toEqual(['github/ci', 'item 9', 'item 10', 'sendgrid', 'aws/root', 'stripe/dev', 'Stripe/prod']);
    // github/ci expires 2025-02-28T22:00Z (offset +02:00), before Stripe/prod; old/token is in the trash.
    expect(await names({ sort: 'expiry' })).toEqual(['github/ci', 'Stripe/prod', 'aws/root', 'item 9', 'item 10', 'sendgrid', 'stripe/dev']);
    expect(await names({ sort: 'expiry', scope: 'all' })).toEqual(['old/token', 'github/ci', 'Stripe/prod', 'aws/root', 'item 9', 'item 10', 'sendgrid', 'stripe/dev']);
  });

  it('pages with offset and limit and reports the total', async () => {
    const page = await h.call('credentials.list', { offset: 2, limit: 3 });
    expect(page.total).toBe(7);
    expect(page.items.map((m) => m.name)).toEqual(['item 9', 'item 10', 'sendgrid']);
    const past = await h.call('credentials.list', { offset: 50, limit: 10 });
    expect(past).toEqual({ total: 7, items: [] });
  });
});
