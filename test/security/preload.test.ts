// Runs the BUILT preload (out/preload/index.cjs) against a recording contextBridge/ipcRenderer: it
// must expose exactly window.keyhold, one function per operation plus onEvent, each bound to its
// own channel, and pass only event payloads (never the IPC event, which carries ipcRenderer).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, OP_NAMES, channelOf } from '../../shared/contract.ts';

const PRELOAD = path.resolve(import.meta.dirname, '../../out/preload/index.cjs');

interface Recorded {
  exposed: { name: string; api: Record<string, unknown> }[];
  invokes: unknown[][];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  required: string[];
}
let rec: Recorded;
class FakeFile {
  readonly diskPath: string;
  constructor(diskPath: string) {
    this.diskPath = diskPath;
  }
}
const PAGE_OPS = OP_NAMES.filter((n) => n !== 'import.drop');

beforeAll(() => {
  if (!existsSync(PRELOAD)) throw new Error('out/preload/index.cjs is missing: run `npm run build` first (npm test does).');
  rec = { exposed: [], invokes: [], listeners: new Map(), required: [] };
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => rec.exposed.push({ name, api }) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        rec.invokes.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
      on: (channel: string, fn: (...args: unknown[]) => void) => {
        if (!rec.listeners.has(channel)) rec.listeners.set(channel, new Set());
        rec.listeners.get(channel)?.add(fn);
      },
      removeListener: (channel: string, fn: (...args: unknown[]) => void) => rec.listeners.get(channel)?.delete(fn),
    },
    // Like Electron's: a path for a File from disk, '' for one made in JS, a throw for anything else.
    webUtils: {
      getPathForFile: (file: unknown) => {
        if (!(file instanceof FakeFile)) throw new TypeError('not a File');
        return file.diskPath;
      },
    },
  };
  // A sandboxed preload gets a restricted require; here anything but electron is an error.
  const fakeRequire = (id: string): unknown => {
    rec.required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`the preload required ${id}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', readFileSync(PRELOAD, 'utf8'))(fakeRequire, module, module.exports);
});

describe('preload bridge', () => {
  it('exposes exactly one object, keyhold, after requiring only electron', () => {
    expect(rec.required).toEqual(['electron']);
    expect(rec.exposed.map((e) => e.name)).toEqual(['keyhold']);
  });

  it('has one function per operation plus onEvent, and nothing generic', () => {
    const api = rec.exposed[0]?.api ?? {};
    expect(Object.keys(api).sort()).toEqual([...OP_NAMES, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const forbidden of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'on', 'require', 'process']) expect(api).not.toHaveProperty(forbidden);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each operation on its own channel only, whatever the page passes', async () => {
    const api = rec.exposed[0]?.api as Record<string, (...args: unknown[]) => Promise<unknown>>;
    rec.invokes.length = 0;
    for (const name of PAGE_OPS) await api[name]?.({ probe: name }, 'keyhold:vault.unlock', 'extra');
    expect(rec.invokes).toEqual(PAGE_OPS.map((name) => [channelOf(name), { probe: name }]));
  });

  it('import.drop sends only the dropped file\'s path, never what the page passes as a path', async () => {
    const api = rec.exposed[0]?.api as Record<string, (...args: unknown[]) => Promise<unknown>>;
    rec.invokes.length = 0;
    await api['import.drop']?.(new FakeFile('/home/dev/shop/.env'), 'keyhold:vault.unlock');
    await api['import.drop']?.(new FakeFile(''));
    await api['import.drop']?.({ path: '/etc/shadow' });
    await api['import.drop']?.('/etc/shadow');
    const drop = channelOf('import.drop');
    expect(rec.invokes).toEqual([[drop, { path: '/home/dev/shop/.env' }], [drop, { path: '' }], [drop, { path: '' }], [drop, { path: '' }]]);
  });

  it('relays only the event payload, and unsubscribes', () => {
    const api = rec.exposed[0]?.api as { onEvent: (fn: (e: unknown) => void) => () => void };
    const seen: unknown[][] = [];
    const unsubscribe = api.onEvent((...args: unknown[]) => seen.push(args));
    const listeners = [...(rec.listeners.get(EVENT_CHANNEL) ?? [])];
    expect(listeners).toHaveLength(1);
    const ipcEvent = { sender: { invoke: () => undefined }, ports: [] };
    listeners[0]?.(ipcEvent, { type: 'locked', reason: 'idle' });
    expect(seen).toEqual([[{ type: 'locked', reason: 'idle' }]]);
    unsubscribe();
    expect(rec.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
    expect(() => api.onEvent('not a function' as never)).toThrow(TypeError);
  });
});
