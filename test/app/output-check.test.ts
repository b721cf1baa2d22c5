// The service checks every result against the contract at runtime, not only in tests: a field the
// contract does not name (here a leaked `value`) never reaches the renderer.
import { afterEach, describe, expect, it } from 'vitest';
import * as realShare from '../../electron/share/index.ts';
import type { ShareModule } from '../../electron/app/share-port.ts';
import { harness, type Harness } from '../support/app-harness.ts';

const LEAK = 'sk_live_LEAKED_VALUE_123';

describe('runtime output validation', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('refuses a result with a field outside the contract, without the data in the error', async () => {
    // A share module with a bug: it puts a secret next to each contact.
    const leaky: ShareModule = {
      ...realShare,
      listContacts: (vault) => realShare.listContacts(vault).map((c) => ({ ...c, value: LEAK })),
    };
    const teammate = await harness();
    const line = (await teammate.call('identity.get', {})).line;
    await teammate.cleanup();
    h = await harness({ share: leaky });
    await h.call('contacts.add', { name: 'bob', line });
    const r = await h.service.handle('contacts.list', {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    expect(r.error.message).toContain('did not match the contract');
    expect(JSON.stringify(r)).not.toContain(LEAK);
  });

  it('passes results that match the contract', async () => {
    h = await harness();
    const created = await h.call('credentials.create', { fields: { name: 'k' }, value: { kind: 'generate', options: { length: 24, alphabet: 'hex', prefix: 'pk_' } } });
    expect(created.generator).toEqual({ length: 24, alphabet: 'hex', prefix: 'pk_' });
    expect(Object.keys(created)).not.toContain('value');
  });
});
