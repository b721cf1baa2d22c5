// Starts the BUILT main process (out/main/index.js) in plain Node with a recording stand-in for the
// electron module (no Electron binary here), drives the handlers it registered as Electron would,
// and asserts what it did: window options, protocol, permissions, navigation, IPC sender checks,
// the clipboard write, lock-reload and shutdown. Needs `npm run build` first (npm test does it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, WINDOW_WEB_PREFERENCES } from '../../electron/main/hardening.ts';
import { defaultVaultPath } from '../../electron/vault/default-path.ts';
import { OP_NAMES, channelOf } from '../../shared/contract.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'out/main/index.js');
const RUNNER = path.join(ROOT, 'test/security/fixtures/run-main.mjs');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let report: Json;
let tmp: string;

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does).');
  tmp = mkdtempSync(path.join(tmpdir(), 'keyhold-main-'));
  const run = spawnSync(process.execPath, [RUNNER, MAIN], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: tmp,
      KEYHOLD_VAULT: path.join(tmp, 'vault.keyhold'),
      KEYHOLD_TEST_APPDATA: path.join(tmp, 'appdata'),
      // No session bus: the Linux screen-lock monitor must fail quietly.
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(tmp, 'no-bus')}`,
    },
    timeout: 120_000,
  });
  const marker = run.stdout.indexOf('@@REPORT@@');
  if (run.status !== 0 || marker < 0) throw new Error(`run-main failed (status ${run.status}):\n${run.stderr}\n${run.stdout}`);
  report = JSON.parse(run.stdout.slice(marker + '@@REPORT@@'.length));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('built main process: startup', () => {
  it('registers the app scheme as a secure standard origin that cannot bypass CSP, and enables the sandbox everywhere', () => {
    expect(report.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'keyhold' })]);
    expect(report.privilegedSchemes[0].privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false });
    expect(report.sandboxEnabled).toBe(true);
    expect(report.singleInstanceLockRequested).toBe(true);
    expect(report.userData).toBe(path.join(tmp, 'appdata', 'Keyhold'));
  });

  it('opens one window with the hardened webPreferences and the sandboxed CJS preload', () => {
    expect(report.windowCount).toBe(1);
    const prefs = report.windowOptions.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false,
      allowRunningInsecureContent: false, nodeIntegrationInSubFrames: false, nodeIntegrationInWorker: false, spellcheck: false,
    });
    expect(prefs).toMatchObject(WINDOW_WEB_PREFERENCES);
    expect(prefs.preload).toBe(path.join(ROOT, 'out/preload/index.cjs'));
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(report.loadedUrls).toEqual(['keyhold://app/index.html']);
  });

  it("keeps its data in the folder where the CLI looks for the vault when KEYHOLD_VAULT is unset", () => {
    // The stand-in's appData is Electron's app.getPath('appData'); on Linux that is XDG_CONFIG_HOME.
    const cliDefault = defaultVaultPath({ XDG_CONFIG_HOME: path.join(tmp, 'appdata') }, 'linux', tmp);
    expect(path.join(report.userData, 'vault.keyhold')).toBe(cliDefault);
  });

  it('gives the window the app icon (resources/icon.png, packed by electron-builder.yml)', () => {
    const icon = readFileSync(path.join(ROOT, 'resources/icon.png'));
    expect(report.windowOptions.icon).toEqual({ kind: 'nativeImage', byteLength: icon.length, sha256: createHash('sha256').update(icon).digest('hex') });
  });

  it('uses a menu of roles only (the default menu opens web pages)', () => {
    expect(report.menuHasClickHandlers).toBe(false);
    expect(JSON.stringify(report.menu)).not.toMatch(/help|openExternal|https?:/i);
  });
});

describe('built main process: app protocol', () => {
  it('serves the built renderer with the CSP header on every response', () => {
    for (const name of ['index', 'root']) {
      expect(report.protocol[name]).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
    }
    for (const entry of Object.values(report.protocol)) expect((entry as Json).csp).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses traversal, other hosts, missing files and non-GET methods', () => {
    for (const name of ['traversal', 'encodedTraversal', 'backslash', 'otherHost', 'missing']) {
      expect(report.protocol[name].status, name).toBe(404);
      expect(report.protocol[name].bodyHasPackageName, name).toBe(false);
    }
    expect(report.protocol.post.status).toBe(405);
  });
});

describe('built main process: permissions, requests, navigation', () => {
  it('denies every permission request and check', () => {
    expect(Object.values(report.permissionRequests)).toHaveLength(8);
    for (const granted of Object.values(report.permissionRequests)) expect(granted).toBe(false);
    for (const granted of Object.values(report.permissionChecks)) expect(granted).toBe(false);
    expect(report.devicePermission).toBe(false);
  });

  it('cancels every request that is not the app origin or a data: image, and every download', () => {
    expect(report.requests['keyhold://app/assets/x.js']).toEqual({ cancel: false });
    expect(report.requests['data:image/png;base64,AAAA']).toEqual({ cancel: false });
    for (const url of ['https://example.com/x.js', 'http://localhost:5173/', 'ws://localhost:5173/', 'file:///etc/passwd']) {
      expect(report.requests[url], url).toEqual({ cancel: true });
    }
    expect(report.downloadPrevented).toBe(true);
  });

  it('blocks navigation and redirects away from the app, new windows and webviews', () => {
    for (const [key, prevented] of Object.entries(report.navigation)) {
      expect(prevented, key).toBe(!key.endsWith(' keyhold://app/index.html'));
    }
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.webviewPrevented).toBe(true);
  });
});

describe('built main process: IPC bridge', () => {
  it('registers exactly one handler per contract operation', () => {
    expect(report.ipcChannels).toEqual(OP_NAMES.map(channelOf).sort());
  });

  it("refuses calls from subframes, other frames, other web contents and non-app URLs", () => {
    for (const [name, outcome] of Object.entries(report.untrusted)) {
      expect(outcome, name).toEqual({ rejected: expect.stringMatching(/Refused/) });
    }
  });

  it('passes trusted calls to the service, which validates input', () => {
    expect(report.flow.statusBefore.resolved).toMatchObject({ ok: true, value: { state: 'no-vault' } });
    expect(report.flow.malformed.resolved).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(report.flow.create.resolved).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(report.flow.credential.resolved).toMatchObject({ ok: true, value: { name: 'stripe-test' } });
    expect(JSON.stringify(report.flow.credential)).not.toContain(report.secret);
  });

  it('copies in main with the history-exclusion marker in the same write, falling back to plain text without logging the value', () => {
    expect(report.flow.copy.resolved).toMatchObject({ ok: true });
    expect(JSON.stringify(report.flow.copy)).not.toContain(report.secret);
    expect(report.clipboardWrites).toHaveLength(1);
    const [item] = report.clipboardWrites[0];
    expect(item['text/plain']).toEqual({ text: report.secret });
    if (process.platform === 'linux') {
      expect(item['electron application/osclipboard;format="x-kde-passwordManagerHint"']).toEqual({ bytes: [...Buffer.from('secret')] });
    }
    expect(report.flow.copyWithFailingWrite.resolved).toMatchObject({ ok: true });
    expect(report.plainWrites).toEqual([report.secret]);
    expect(report.fallbackLogs.join('\n')).toMatch(/multi-format write failed/);
    expect(report.logs.join('\n')).not.toContain(report.secret);
  });

  it('on lock: sends the locked event, reloads the renderer, clears the clipboard; then refuses all but status/unlock', () => {
    expect(report.flow.lock.resolved).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(report.eventsAfterLock[0]).toEqual({ channel: 'keyhold:event', payload: { type: 'locked', reason: 'manual' } });
    expect(report.reloadsOnLock).toBe(1);
    expect(report.clipboardClearedOnLock).toBe(1);
    expect(report.flow.listWhileLocked.resolved).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(report.flow.statusAfterLock.resolved).toMatchObject({ ok: true, value: { state: 'locked', lockReason: 'manual' } });
    expect(report.flow.unlock.resolved).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  });

  it('remembers the newest audit head sealed by safeStorage in userData (0600, never plain JSON on disk)', () => {
    expect(report.flow.rollbackStatus.resolved).toEqual({ ok: true, value: { protection: { on: true, reason: null }, warning: null } });
    expect(report.safeStorageEncrypts).toBeGreaterThan(0);
    expect(report.sealedHeads).not.toBeNull();
    expect(report.sealedHeads.mode).toBe(0o600);
    expect(report.sealedHeads.plainJsonOnDisk).toBe(false);
    const vaults = Object.values(report.sealedHeads.opened.vaults) as { seq: number; mac: string; warning: unknown }[];
    expect(report.sealedHeads.opened.format).toBe(1);
    expect(vaults).toHaveLength(1);
    expect(vaults[0]).toMatchObject({ warning: null });
    expect(vaults[0]!.seq).toBeGreaterThan(0);
    expect(vaults[0]!.mac).toMatch(/^[0-9a-f]{64}$/);
  });

  it('on quit: disposes the service (clipboard cleared) and removes the handlers before exiting', () => {
    expect(report.flow.copyBeforeQuit.resolved).toMatchObject({ ok: true });
    expect(report.clipboardClearedOnQuit).toBe(1);
    expect(report.ipcHandlersAfterQuit).toBe(0);
    // The first quit is held back until the service is disposed; the adapter then quits again.
    expect(report.quitCalls).toBe(2);
    expect(report.exitCode).toBeNull();
  });
});
