// Auto-lock: idle time, screen lock, suspend and hidden window, each as the settings say.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, PASSWORD, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const MIN = 60_000;

async function state(): Promise<string> {
  return (await h.call('vault.status', {})).state;
}

describe('idle lock', () => {
  it('locks after the default 5 idle minutes, not before', async () => {
    h = await harness();
    await h.platform.advance(5 * MIN - 2_000);
    expect(await state()).toBe('unlocked');
    await h.platform.advance(2_000);
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'idle' });
    expect(h.events).toContainEqual({ type: 'locked', reason: 'idle' });
    expect((await h.fail('credentials.list', {})).code).toBe('LOCKED');
    // The audit trail says why.
    await h.call('vault.unlock', { password: PASSWORD });
    const locks = (await h.call('audit.list', { action: 'lock' })).entries;
    expect(locks.at(-1)?.origin).toEqual({ kind: 'desktop', command: 'auto-lock:idle' });
  });

  it('does not lock while the user is active', async () => {
    h = await harness();
    for (let i = 0; i < 30; i++) {
      await h.platform.advance(MIN);
      h.platform.userActive();
    }
    expect(await state()).toBe('unlocked');
    expect(h.events.some((e) => e.type === 'locked')).toBe(false);
    // Once the user stops, the lock comes 5 minutes after the last input.
    await h.platform.advance(5 * MIN);
    expect(await state()).toBe('locked');
  });

  it('follows the setting: 1 minute locks sooner, 0 never locks', async () => {
    h = await harness();
    await h.call('settings.set', { autoLockMinutes: 1 });
    await h.platform.advance(MIN);
    expect(await state()).toBe('locked');

    await h.call('vault.unlock', { password: PASSWORD });
    h.platform.userActive();
    await h.call('settings.set', { autoLockMinutes: 0 });
    await h.platform.advance(12 * 60 * MIN);
    expect(await state()).toBe('unlocked');
  });

  it('counts system-wide idle time: input in other apps keeps it unlocked', async () => {
    h = await harness();
    h.platform.setIdleSeconds(3); // the user keeps typing elsewhere
    await h.platform.advance(20 * MIN);
    expect(await state()).toBe('unlocked');
    h.platform.setIdleSeconds(null); // back to "no input since the start": 20 minutes idle
    await h.platform.advance(30_000);
    expect(await state()).toBe('locked');
  });

  it('counts an unlock as activity, even if the system reports a long idle time', async () => {
    h = await harness();
    await h.platform.advance(5 * MIN);
    expect(await state()).toBe('locked');
    await h.call('vault.unlock', { password: PASSWORD }); // e.g. unlocked without keyboard input
    expect(await state()).toBe('unlocked');
    await h.platform.advance(5 * MIN - 1_000);
    expect(await state()).toBe('unlocked');
    await h.platform.advance(1_000);
    expect(await state()).toBe('locked');
  });

  it('stops polling while locked and resumes on unlock', async () => {
    h = await harness();
    await h.call('vault.lock', {});
    expect(h.platform.pendingTimers()).toBe(0);
    await h.platform.advance(60 * MIN);
    h.platform.userActive();
    await h.call('vault.unlock', { password: PASSWORD });
    expect(h.platform.pendingTimers()).toBe(2); // the idle poll and the external-change watcher
    await h.platform.advance(5 * MIN);
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'idle' });
  });
});

describe('idle source failure', () => {
  it('a failing idle source does not break auto-lock (it counts from the unlock)', async () => {
    h = await harness();
    h.platform.idleSeconds = () => {
      throw new Error('idle time unavailable');
    };
    await h.platform.advance(5 * MIN);
    expect((await h.call('vault.status', {})).lockReason).toBe('idle');
  });
});

describe('system events', () => {
  it('locks on suspend and on screen lock', async () => {
    h = await harness();
    await h.platform.emitSystemEvent('suspend');
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'suspend' });
    await h.call('vault.unlock', { password: PASSWORD });
    await h.platform.emitSystemEvent('screen-locked');
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'screen-lock' });
    expect(h.events.filter((e) => e.type === 'locked')).toEqual([
      { type: 'locked', reason: 'suspend' },
      { type: 'locked', reason: 'screen-lock' },
    ]);
  });

  it('does not lock on suspend or screen lock when the settings are off', async () => {
    h = await harness();
    await h.call('settings.set', { lockOnSuspend: false, lockOnScreenLock: false });
    await h.platform.emitSystemEvent('suspend');
    await h.platform.emitSystemEvent('screen-locked');
    expect(await state()).toBe('unlocked');
    await h.call('settings.set', { lockOnSuspend: true });
    await h.platform.emitSystemEvent('screen-locked');
    expect(await state()).toBe('unlocked');
    await h.platform.emitSystemEvent('suspend');
    expect(await state()).toBe('locked');
  });

  it('locks on a hidden window only when enabled (off by default)', async () => {
    h = await harness();
    await h.platform.emitSystemEvent('window-hidden');
    expect(await state()).toBe('unlocked');
    await h.call('settings.set', { lockOnWindowHidden: true });
    await h.platform.emitSystemEvent('window-hidden');
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'window-hidden' });
  });

  it('honours a screen lock that arrives while an unlock is deriving its key', async () => {
    h = await harness();
    await h.call('vault.lock', {});
    const unlocking = h.service.handle('vault.unlock', { password: PASSWORD });
    // Let the unlock reach Argon2 (it completes on the thread pool, never within microtasks).
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await h.platform.emitSystemEvent('screen-locked');
    expect((await unlocking).ok).toBe(true);
    expect(await h.call('vault.status', {})).toMatchObject({ state: 'locked', lockReason: 'screen-lock' });
  });

  it('system events while locked do nothing', async () => {
    h = await harness();
    await h.call('vault.lock', {});
    const before = h.events.length;
    await h.platform.emitSystemEvent('suspend');
    expect(h.events.length).toBe(before);
    expect((await h.call('vault.status', {})).lockReason).toBe('manual');
  });
});

describe('dispose (quit)', () => {
  it('locks, cancels timers and unsubscribes; later calls fail', async () => {
    h = await harness();
    expect(h.platform.systemEventListeners()).toBe(1);
    await h.service.dispose();
    expect(h.platform.pendingTimers()).toBe(0);
    expect(h.platform.systemEventListeners()).toBe(0);
    const r = await h.service.handle('vault.status', {});
    expect(r.ok).toBe(false);
    // The vault was locked properly: the audit trail ends with a lock from quit.
    await h.restart();
    await h.call('vault.unlock', { password: PASSWORD });
    const locks = (await h.call('audit.list', { action: 'lock' })).entries;
    expect(locks.at(-1)?.origin).toEqual({ kind: 'desktop', command: 'quit' });
  });
});
