// Secret values leave the service only through credentials.reveal (on purpose, audited). Every
// other response, every event and every error is searched for the values.
import { afterEach, describe, expect, it } from 'vitest';
import { OP_NAMES } from '../../shared/contract.ts';
import { harness, fields, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const VALUES = ['sk_live_CONFIDENTIAL_aaaa1111', 'AKIA_CONFIDENTIAL_bbbb2222', 'xoxb-CONFIDENTIAL-cccc3333'];
const ROTATED = 'sk_live_CONFIDENTIAL_rotated_dddd4444';

function leaks(json: string, values: string[]): string[] {
  return values.filter((v) => json.includes(v));
}

describe('no secret values in metadata responses', () => {
  it('list, search, get, history, audit, tags, status, settings and events never carry a value', async () => {
    h = await harness();
    const ids: string[] = [];
    for (const [i, v] of VALUES.entries()) {
      const m = await h.call('credentials.create', { fields: fields(`svc-${i}`, { tags: ['t'], notes: 'see the wiki' }), value: { kind: 'text', value: v } });
      ids.push(m.id);
    }
    const first = ids[0] ?? '';
    await h.call('credentials.rotate', { id: first, value: { kind: 'text', value: ROTATED }, reason: 'leak drill' });
    await h.call('credentials.copy', { id: ids[1] ?? '' });
    const all = [...VALUES, ROTATED];

    const responses: unknown[] = [
      await h.call('credentials.list', {}),
      await h.call('credentials.list', { scope: 'all', sort: 'rotated' }),
      // Searching for a value must not find it (values are not searchable) nor echo it.
      await h.call('credentials.list', { query: 'CONFIDENTIAL' }),
      await h.call('credentials.list', { query: VALUES[2] }),
      ...(await Promise.all(ids.map((id) => h.call('credentials.get', { id })))),
      ...(await Promise.all(ids.map((id) => h.call('credentials.history', { id })))),
      await h.call('audit.list', {}),
      ...(await Promise.all(ids.map((id) => h.call('audit.list', { credentialId: id })))),
      await h.call('tags.list', {}),
      await h.call('vault.status', {}),
      await h.call('settings.get', {}),
      await h.call('vault.verify', {}),
      await h.call('credentials.copy', { id: first }),
      await h.call('credentials.edit', { id: first, patch: { notes: 'edited' } }),
      await h.call('credentials.rotate', { id: ids[2] ?? '', value: { kind: 'generate', options: { length: 32, alphabet: 'base64url' } }, reason: 'r' }),
    ];
    expect((responses[2] as { total: number }).total).toBe(0);
    expect((responses[3] as { total: number }).total).toBe(0);
    for (const r of responses) expect(leaks(JSON.stringify(r), all)).toEqual([]);
    expect(leaks(JSON.stringify(h.events), all)).toEqual([]);
    // The history has the old version's metadata, not its value.
    expect(await h.call('credentials.history', { id: first })).toHaveLength(1);
  });

  it('errors from every operation carry no value', async () => {
    h = await harness();
    const m = await h.call('credentials.create', { fields: { name: 'x' }, value: { kind: 'text', value: VALUES[0] } });
    await h.call('credentials.setStatus', { id: m.id, status: 'disabled' });
    for (const op of OP_NAMES) {
      const r = await h.service.handle(op, { id: m.id });
      if (!r.ok) expect(leaks(JSON.stringify(r.error), VALUES), op).toEqual([]);
    }
  });

  it('an unexpected failure is reported as INTERNAL without its details', async () => {
    h = await harness();
    const m = await h.call('credentials.create', { fields: { name: 'x' }, value: { kind: 'text', value: VALUES[0] } });
    h.platform.clipboard.writeSecret = async (text: string) => {
      throw new Error(`clipboard daemon choked on ${text}`);
    };
    const err = await h.fail('credentials.copy', { id: m.id });
    expect(err.code).toBe('INTERNAL');
    expect(err.message).not.toContain(VALUES[0]);
    expect(err.message).not.toContain('choked');
  });
});

describe('reveal and copy are audited', () => {
  it('records reveal and copy with origin desktop and the operation', async () => {
    h = await harness();
    const m = await h.call('credentials.create', { fields: { name: 'audited' }, value: { kind: 'text', value: VALUES[0] } });
    expect((await h.call('credentials.reveal', { id: m.id })).value).toBe(VALUES[0]);
    await h.call('credentials.copy', { id: m.id });
    const entries = (await h.call('audit.list', { credentialId: m.id })).entries;
    const byAction = (a: string) => entries.filter((e) => e.action === a);
    expect(byAction('reveal')).toEqual([expect.objectContaining({ credentialName: 'audited', result: 'ok', origin: { kind: 'desktop', command: 'credentials.reveal' } })]);
    expect(byAction('copy')).toEqual([expect.objectContaining({ credentialName: 'audited', result: 'ok', origin: { kind: 'desktop', command: 'credentials.copy' } })]);
    expect((await h.call('audit.list', { originKind: 'desktop', action: 'reveal' })).entries).toHaveLength(1);
    expect((await h.call('audit.list', { originKind: 'cli' })).entries).toHaveLength(0);
    const verified = (await h.call('audit.list', {})).verified;
    expect(verified).toEqual({ ok: true, problems: [] });
  });
});
