// Electron smoke test: Playwright launches the BUILT, UNPACKAGED app (out/main via package.json
// "main"; a fused package refuses Playwright's inspect arguments) with a temp vault, then creates,
// locks and unlocks it through window.keyhold, and checks the window's hardening in real Chromium.
// Skips, saying why, where no Electron binary is installed (Electron 45 fetches it on first use,
// which fails offline): detected from node_modules/electron/path.txt + dist/ without triggering it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/hardening.ts';
import { OP_NAMES } from '../../shared/contract.ts';
import type { KeyholdBridge } from '../../shared/contract.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The installed Electron executable, or null. Mirrors node_modules/electron/index.js, which only
 * downloads when this check fails, so Playwright's own require('electron') stays offline here.
 */
function installedElectron(): string | null {
  const pkg = path.join(ROOT, 'node_modules/electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(exe) ? exe : null;
  }
  if (!relative) return null;
  const exe = path.join(pkg, 'dist', relative);
  return existsSync(exe) ? exe : null;
}

function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
}

const ELECTRON = installedElectron();
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !ELECTRON
  ? 'no Electron binary installed (node_modules/electron/path.txt or dist/ missing; run `npx install-electron` online)'
  : needsDisplay && !hasCommand('Xvfb')
    ? 'no display (DISPLAY unset) and no Xvfb to provide one'
    : null;
if (skipReason) console.warn(`[smoke] Electron smoke test skipped: ${skipReason}.`);

type KeyholdWindow = Window & { keyhold: KeyholdBridge };

describe.skipIf(skipReason !== null)(`Electron smoke test${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let tmp = '';
  let xvfb: ChildProcess | null = null;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'keyhold-smoke-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    if (needsDisplay) {
      // A private X server for this run only.
      const display = `:${90 + (process.pid % 400)}`;
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      const socket = `/tmp/.X11-unix/X${display.slice(1)}`;
      for (let i = 0; i < 100 && !existsSync(socket); i += 1) await new Promise((r) => setTimeout(r, 50));
      env.DISPLAY = display;
    }
    Object.assign(env, {
      KEYHOLD_VAULT: path.join(tmp, 'vault.keyhold'),
      // Keep Chromium's profile (userData = appData/Keyhold) out of the real home.
      HOME: tmp,
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      APPDATA: path.join(tmp, 'appdata'),
    });
    // No executablePath: Playwright then resolves electron itself (installed, so no download) and
    // preloads its loader, which holds the app's 'ready' until Playwright is attached. On Linux it
    // adds --no-sandbox (Chromium's OS sandbox cannot start as root, as in CI); the renderer still
    // runs Electron's sandboxed-renderer model (sandbox: true, no Node).
    app = await _electron.launch({ args: [ROOT], env, cwd: ROOT, timeout: 60_000 });
    page = await app.firstWindow();
    await page.waitForLoadState('load');
  }, 120_000);

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    xvfb?.kill();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** Calls window.keyhold[op](input) in the page (data only: the page's CSP forbids eval). */
  const call = (op: string, input: unknown): Promise<unknown> =>
    page.evaluate(([name, arg]) => {
      const bridge = (window as unknown as KeyholdWindow).keyhold as unknown as Record<string, (i: unknown) => Promise<unknown>>;
      const fn = bridge[name as string];
      if (!fn) throw new Error(`no bridge function ${String(name)}`);
      return fn(arg);
    }, [op, input] as const);

  /** Runs an operation that locks the vault: main reloads the page, so wait for the new document. */
  async function lockAndWaitForReload(run: () => Promise<unknown>): Promise<void> {
    const reloaded = page.waitForEvent('load');
    await run().catch(() => undefined); // the page may go away before the reply arrives
    await reloaded;
  }

  it('loads the app from its own protocol, with only window.keyhold exposed', async () => {
    expect(page.url()).toBe('keyhold://app/index.html');
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      keys: Object.keys((window as unknown as KeyholdWindow).keyhold).sort(),
    }));
    expect(globals.require).toBe('undefined');
    expect(globals.process).toBe('undefined');
    expect(globals.keys).toEqual([...OP_NAMES, 'onEvent'].sort());
  });

  it('serves every page response with the CSP header, and the CSP stops remote requests', async () => {
    const seen = await page.evaluate(async () => {
      const own = await fetch('/index.html');
      const remote = await fetch('https://example.com/').then(() => 'loaded', () => 'blocked');
      return { status: own.status, csp: own.headers.get('content-security-policy'), remote };
    });
    expect(seen).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, remote: 'blocked' });
  });

  it('blocks navigation away from the app and new windows', async () => {
    await page.evaluate(() => {
      window.open('https://example.com/');
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('keyhold://app/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  it('creates, locks and unlocks a vault through the bridge', async () => {
    expect(await call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'no-vault' } });
    expect(await call('vault.create', { password: 'smoke test password' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });

    await lockAndWaitForReload(() => call('vault.lock', {}));
    expect(await call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked', lockReason: 'manual' } });
    expect(await call('credentials.list', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    expect(await call('vault.unlock', { password: 'wrong password' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSWORD' } });
    expect(await call('vault.unlock', { password: 'smoke test password' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    await lockAndWaitForReload(() => call('vault.lock', {}));
    expect(await call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
  });
});
