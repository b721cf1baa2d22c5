// The self-clearing clipboard: the value goes to the clipboard in main, with the history
// exclusion markers by default, and is cleared after the delay only if it is still ours.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const VALUE = 'ghp_CLIPBOARD_secret_0123456789';

async function withCredential(value = VALUE, name = 'github/ci'): Promise<string> {
  const m = await h.call('credentials.create', { fields: { name }, value: { kind: 'text', value } });
  return m.id;
}

const cleared = () => h.events.filter((e) => e.type === 'clipboard.cleared').length;

describe('copy', () => {
  it('writes the value in main with the exclusion flag and never returns it', async () => {
    h = await harness();
    const id = await withCredential();
    const r = await h.call('credentials.copy', { id });
    expect(r).toEqual({ clearsInMs: 30_000 });
    expect(JSON.stringify(r)).not.toContain(VALUE);
    expect(h.platform.clipboard.text).toBe(VALUE);
    expect(h.platform.clipboard.excluded).toBe(true);
    expect(h.platform.clipboard.writes).toEqual([{ text: VALUE, excludeFromHistory: true }]);
  });

  it('clears after the delay', async () => {
    h = await harness();
    await h.call('credentials.copy', { id: await withCredential() });
    await h.platform.advance(29_000);
    expect(h.platform.clipboard.text).toBe(VALUE);
    expect(cleared()).toBe(0);
    await h.platform.advance(1_000);
    expect(h.platform.clipboard.text).toBe('');
    expect(h.platform.clipboard.clears).toBe(1);
    expect(cleared()).toBe(1);
  });

  it('does not clear if the user copied something else meanwhile', async () => {
    h = await harness();
    await h.call('credentials.copy', { id: await withCredential() });
    await h.platform.advance(10_000);
    h.platform.clipboard.userCopy('some text the user copied');
    await h.platform.advance(60_000);
    expect(h.platform.clipboard.text).toBe('some text the user copied');
    expect(h.platform.clipboard.clears).toBe(0);
    expect(cleared()).toBe(0);
    // ...nor later on lock.
    await h.call('vault.lock', {});
    expect(h.platform.clipboard.text).toBe('some text the user copied');
  });

  it('clears on manual lock, and on an automatic lock', async () => {
    h = await harness();
    const id = await withCredential();
    await h.call('credentials.copy', { id });
    await h.call('vault.lock', {});
    expect(h.platform.clipboard.text).toBe('');
    expect(cleared()).toBe(1);

    h.platform.userActive();
    await h.call('vault.unlock', { password: 'correct horse battery staple' });
    await h.call('credentials.copy', { id });
    await h.platform.emitSystemEvent('suspend');
    expect(h.platform.clipboard.text).toBe('');
    expect(cleared()).toBe(2);
    // The cancelled timer does not fire later.
    await h.platform.advance(60_000);
    expect(h.platform.clipboard.clears).toBe(2);
  });

  it('clears on quit (dispose)', async () => {
    h = await harness();
    await h.call('credentials.copy', { id: await withCredential() });
    await h.service.dispose();
    expect(h.platform.clipboard.text).toBe('');
    expect(h.platform.pendingTimers()).toBe(0);
  });

  it('follows the settings: no exclusion flag when off, custom delay', async () => {
    h = await harness();
    await h.call('settings.set', { clipboardExcludeFromHistory: false, clipboardClearSeconds: 10 });
    const r = await h.call('credentials.copy', { id: await withCredential() });
    expect(r.clearsInMs).toBe(10_000);
    expect(h.platform.clipboard.writes.at(-1)).toEqual({ text: VALUE, excludeFromHistory: false });
    expect(h.platform.clipboard.excluded).toBe(false);
    await h.platform.advance(10_000);
    expect(h.platform.clipboard.text).toBe('');
  });

  it('a second copy restarts the countdown for the new value', async () => {
    h = await harness();
    const a = await withCredential('value-A-123', 'a');
    const b = await withCredential('value-B-456', 'b');
    await h.call('credentials.copy', { id: a });
    await h.platform.advance(20_000);
    await h.call('credentials.copy', { id: b });
    await h.platform.advance(15_000); // A's 30 s are over, B's are not
    expect(h.platform.clipboard.text).toBe('value-B-456');
    await h.platform.advance(15_000);
    expect(h.platform.clipboard.text).toBe('');
    expect(cleared()).toBe(1);
  });

  it('refuses disabled credentials without touching the clipboard', async () => {
    h = await harness();
    const id = await withCredential();
    await h.call('credentials.setStatus', { id, status: 'revoked' });
    expect((await h.fail('credentials.copy', { id })).code).toBe('DISABLED');
    expect(h.platform.clipboard.writes).toHaveLength(0);
  });
});

describe('clipboard failures', () => {
  it('if the clipboard cannot be read at clearing time, it is cleared anyway', async () => {
    h = await harness();
    await h.call('credentials.copy', { id: await withCredential() });
    h.platform.clipboard.readText = async () => {
      throw new Error('no clipboard owner');
    };
    expect((await h.call('vault.lock', {})).state).toBe('locked');
    expect(h.platform.clipboard.text).toBe('');
  });
});
