// End-to-end harness: the built renderer (out/renderer) served on 127.0.0.1 to Debian's Chromium,
// with `window.keyhold` provided by a test bridge that forwards every call to the REAL application
// service running in this Node process over a real vault file. Only the transport differs from
// Electron's IPC: the service validates input against the contract exactly as in the app, and the
// bridge additionally checks every successful output against the contract's output schema.
//
//   const app = await startApp({ vault: 'unlocked', credentials: 3 });
//   await app.page.getByRole('listbox', { name: 'Credentials' }) ...
//   await app.close();
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AppService } from '../../electron/app/service.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/hardening.ts';
import { OP_NAMES, contract, type AppEvent, type OpName, type OpOutput } from '../../shared/contract.ts';
import type { CredentialInput, KdfParams } from '../../shared/model.ts';
import { FakePlatform } from '../support/fake-platform.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = path.join(ROOT, 'out/renderer');
export const CHROMIUM = process.env.KEYHOLD_CHROMIUM ?? '/usr/bin/chromium';
export const E2E_PASSWORD = 'correct horse battery staple';
export const LOW_KDF: KdfParams = { memoryCost: 8192, timeCost: 1, parallelism: 1 };

export interface StartOptions {
  /** State of the vault when the page opens. Default: 'unlocked' when `credentials` is given, else 'none'. */
  vault?: 'none' | 'locked' | 'unlocked';
  /** Seed this many generated credentials (see seedCredentials) before the page opens. */
  credentials?: number;
  password?: string;
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  viewport?: { width: number; height: number };
  /** Mirror Electron main, which also reloads the page on lock. Default false: the renderer must wipe itself. */
  reloadOnLock?: boolean;
  /** Start time of the fake platform clock (default: now, so the browser's clock agrees). */
  startTime?: number;
  /**
   * Extra set-up through the service after the vault is created (and `credentials` seeded), before
   * it is locked (vault 'locked') and before the page opens.
   */
  seed?: (ctx: SeedContext) => Promise<void>;
  /**
   * Makes the vault file outside the service (e.g. with the Vault class, for speed); the app then
   * starts with that vault locked. Replaces `vault`, `credentials` and `seed`. `platform` is the
   * app's fake platform (e.g. to run an earlier app session on the same keychain).
   */
  vaultFile?: (vaultPath: string, password: string, platform: FakePlatform) => Promise<void>;
  /** Install Playwright's fake clock in the page (time flows until a test moves it with page.clock). */
  clock?: boolean;
}

export interface SeedContext {
  service: AppService;
  platform: FakePlatform;
  vaultPath: string;
  call: RunningApp['call'];
}

export interface RunningApp {
  page: Page;
  context: BrowserContext;
  service: AppService;
  platform: FakePlatform;
  vaultPath: string;
  dir: string;
  password: string;
  url: string;
  /** Every event the service emitted, in order. */
  events: AppEvent[];
  /** Console errors, page errors, CSP violations and contract breaches seen so far. */
  problems: string[];
  /** Calls the service directly (bypassing the page), e.g. to set up data; throws on failure. */
  call<K extends OpName>(op: K, input: unknown): Promise<OpOutput<K>>;
  close(): Promise<void>;
}

// ---- built renderer and static server (one per test process) ----

/** Newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let buildChecked = false;
/**
 * Builds the renderer when out/renderer is missing or older than its sources, so a test never runs
 * against a stale build. Test files run in parallel processes: one builds (holding a lock
 * directory), the others wait for it.
 */
function ensureBuilt(): void {
  if (buildChecked) return;
  const index = path.join(RENDERER_DIR, 'index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= Math.max(newestMtime(path.join(ROOT, 'renderer')), newestMtime(path.join(ROOT, 'shared')));
  const lock = path.join(ROOT, 'out', '.e2e-build.lock');
  while (!fresh()) {
    mkdirSync(path.dirname(lock), { recursive: true });
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // Another process is building; take over a lock left behind by a crashed one.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmSync(lock, { recursive: true, force: true });
      else sleepSync(250);
    }
    if (!mine) continue;
    try {
      if (!fresh()) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    break;
  }
  buildChecked = true;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

let server: Promise<{ server: Server; url: string }> | null = null;
function serve(): Promise<{ server: Server; url: string }> {
  server ??= new Promise((resolve, reject) => {
    const s = createServer((req, res) => {
      const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      // Browsers ask for a favicon; Electron's window does not. Nothing to serve.
      if (urlPath === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      const file = path.join(RENDERER_DIR, urlPath === '/' ? 'index.html' : urlPath);
      // Only files inside out/renderer.
      if (!file.startsWith(RENDERER_DIR + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      // The same CSP header Electron's app protocol sends with every response.
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      });
      res.end(readFileSync(file));
    });
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/` }));
  });
  return server;
}

// ---- one browser per test process, one context per app ----

let browser: Promise<Browser> | null = null;
let open = 0;
function launch(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return browser;
}

/**
 * Keeps the browser open between apps (e.g. for a whole test file: call in beforeAll, await the
 * returned function in afterAll), so each test does not pay for a new Chromium.
 */
export function retainBrowser(): () => Promise<void> {
  open++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release();
  };
}

async function release(): Promise<void> {
  open--;
  if (open > 0) return;
  const b = browser;
  const s = server;
  browser = null;
  server = null;
  await (await b)?.close();
  const srv = await s;
  await new Promise<void>((resolve) => (srv ? srv.server.close(() => resolve()) : resolve()));
}

// ---- seeding ----

const SERVICES = ['stripe', 'github', 'aws', 'sendgrid', 'twilio', 'openai', 'slack', 'datadog', 'sentry', 'cloudflare', 'vercel', 'heroku'];
const ENVS = ['dev', 'staging', 'prod', 'other'] as const;
const TYPES_K = ['private', 'public', 'partner', 'temporary'] as const;
const TAGS = ['payments', 'ci', 'backend', 'frontend', 'email', 'infra', 'analytics', 'legacy', 'mobile', 'ops'];
const DAY = 86_400_000;

/** The fields of the i-th generated credential: varied services, environments, tags, dates. */
export function seedFields(i: number, now: number): CredentialInput {
  const service = SERVICES[i % SERVICES.length]!;
  const env = ENVS[i % ENVS.length]!;
  const tags = TAGS.filter((_, t) => (i + t * 3) % 7 === 0).slice(0, 1 + (i % 5));
  return {
    name: `${service}/${env}-${String(i).padStart(5, '0')}`,
    service,
    environment: env,
    keyType: TYPES_K[i % TYPES_K.length]!,
    tags,
    notes: i % 3 === 0 ? `Used by job ${i % 97}` : '',
    scopes: i % 4 === 0 ? ['read'] : [],
    expiresAt: i % 11 === 0 ? new Date(now + ((i % 60) - 20) * DAY).toISOString() : null,
    rotationIntervalDays: i % 2 === 0 ? 90 : null,
  };
}

/** Adds `count` generated credentials through the service (values are `seed-value-<i>`). */
export async function seedCredentials(service: AppService, count: number, now: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const r = await service.handle('credentials.create', { fields: seedFields(i, now), value: { kind: 'text', value: `seed-value-${i}` } });
    if (!r.ok) throw new Error(`seeding credential ${i} failed: ${r.error.code}: ${r.error.message}`);
  }
}

// ---- the app ----

/** Console messages that are expected and harmless (the header carries frame-ancestors; the meta tag repeats it). */
const IGNORED_CONSOLE = [/'frame-ancestors' is ignored when delivered via a <meta> element/];

/** Builds window.keyhold in the page from the contract's operation names (runs before the app's scripts). */
function bridgeScript(opNames: string[]): void {
  type Listener = (event: unknown) => void;
  const w = window as unknown as {
    __keyholdInvoke: (op: string, input: string) => Promise<string>;
    __keyholdDeliver?: (event: unknown) => void;
    __keyholdDropPaths?: Record<string, string>;
  };
  const listeners = new Set<Listener>();
  const bridge: Record<string, unknown> = {
    onEvent(listener: Listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  // JSON text both ways: Playwright's own serializer is slow for 10,000-item lists (Electron's
  // structured clone is not), and JSON also drops what IPC would drop (undefined, functions).
  for (const op of opNames) bridge[op] = async (input: unknown) => JSON.parse(await w.__keyholdInvoke(op, JSON.stringify(input ?? null)));
  // The preload's import.drop (electron/preload/index.ts): the page passes a File, only its path
  // goes to main. Chromium has no webUtils.getPathForFile, so a test-only map (dropFiles below)
  // stands in for it: a File's name -> a real path; a name not in it is a File not from disk ('').
  bridge['import.drop'] = async (file: unknown) => {
    const filePath = file instanceof File ? (w.__keyholdDropPaths?.[file.name] ?? '') : '';
    return JSON.parse(await w.__keyholdInvoke('import.drop', JSON.stringify({ path: filePath })));
  };
  Object.defineProperty(window, 'keyhold', { value: Object.freeze(bridge), configurable: false, writable: false });
  w.__keyholdDeliver = (event) => {
    for (const l of [...listeners]) l(event);
  };
}

/**
 * Drops files on the page the way a file manager does (dragenter, dragover, drop on `selector`).
 * Each file is `{ name, path }`: the page gets an empty File of that name (it never reads the
 * bytes), and the fake bridge's getPathForFile answers `path` for it (omit it for a File that is
 * not on disk). Returns after the drop event; poll for its effect.
 */
export async function dropFiles(page: Page, files: { name: string; path?: string }[], opts: { selector?: string; beforeDrop?: () => Promise<void> } = {}): Promise<void> {
  const paths: Record<string, string> = Object.fromEntries(files.flatMap((f) => (f.path === undefined ? [] : [[f.name, f.path]])));
  await page.evaluate((p) => {
    (window as unknown as { __keyholdDropPaths?: Record<string, string> }).__keyholdDropPaths = p;
  }, paths);
  const dataTransfer = await page.evaluateHandle((names) => {
    const dt = new DataTransfer();
    for (const name of names) dt.items.add(new File([], name, { type: 'application/octet-stream' }));
    return dt;
  }, files.map((f) => f.name));
  const selector = opts.selector ?? 'body';
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await opts.beforeDrop?.();
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
  await dataTransfer.dispose();
}

/**
 * The hooks every e2e file needs: one Chromium kept for the whole file, and every app a test
 * launches closed after that test. Returns the launcher to use instead of startApp.
 */
export function appPerTest(): (opts?: StartOptions) => Promise<RunningApp> {
  let releaseBrowser: (() => Promise<void>) | undefined;
  const running: RunningApp[] = [];
  beforeAll(() => {
    releaseBrowser = retainBrowser();
  });
  afterEach(async () => {
    for (const app of running.splice(0)) await app.close();
  });
  afterAll(async () => {
    await releaseBrowser?.();
  });
  return async (opts) => {
    const app = await startApp(opts);
    running.push(app);
    return app;
  };
}

export async function startApp(opts: StartOptions = {}): Promise<RunningApp> {
  ensureBuilt();
  const password = opts.password ?? E2E_PASSWORD;
  const vaultState = opts.vault ?? (opts.credentials !== undefined ? 'unlocked' : 'none');
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-e2e-'));
  const vaultPath = path.join(dir, 'vault.keyhold');
  const platform = new FakePlatform({ startTime: opts.startTime ?? Date.now() });
  const service = new AppService({ vaultPath, platform, kdf: LOW_KDF, allowInsecureKdf: true });
  const events: AppEvent[] = [];
  const problems: string[] = [];

  const call = async <K extends OpName>(op: K, input: unknown): Promise<OpOutput<K>> => {
    const r = await service.handle(op, input);
    if (!r.ok) throw new Error(`${op} failed: ${r.error.code}: ${r.error.message}`);
    return r.value as OpOutput<K>;
  };

  if (opts.vaultFile) {
    await opts.vaultFile(vaultPath, password, platform);
  } else if (vaultState !== 'none') {
    await call('vault.create', { password });
    if (opts.credentials) await seedCredentials(service, opts.credentials, platform.now());
    if (opts.seed) await opts.seed({ service, platform, vaultPath, call });
    if (vaultState === 'locked') await call('vault.lock', {});
  }

  const [{ url }, b] = await Promise.all([serve(), launch()]);
  open++;
  let context: BrowserContext | undefined;
  try {
    context = await b.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      colorScheme: opts.colorScheme ?? 'light',
      reducedMotion: opts.reducedMotion ?? 'no-preference',
    });
    if (opts.clock) await context.clock.install();
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !IGNORED_CONSOLE.some((re) => re.test(m.text()))) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

    await page.exposeBinding('__keyholdInvoke', async (_source, op: string, inputJson: string) => JSON.stringify(await invoke(op, JSON.parse(inputJson))));
    async function invoke(op: string, input: unknown): Promise<unknown> {
      const result = await service.handle(op, input);
      if (result.ok && Object.hasOwn(contract, op)) {
        const checked = contract[op as OpName].output.safeParse(result.value);
        if (!checked.success) {
          problems.push(`contract: ${op} output breaks its schema: ${checked.error.message}`);
          return { ok: false, error: { code: 'INTERNAL', message: 'Output failed contract validation' } };
        }
      }
      return result;
    }
    await page.addInitScript(bridgeScript, [...OP_NAMES]);

    const unsubscribe = service.onEvent((event) => {
      events.push(event);
      const deliver = page.evaluate((e) => (window as unknown as { __keyholdDeliver?: (e: unknown) => void }).__keyholdDeliver?.(e), event);
      deliver
        .then(() => (event.type === 'locked' && opts.reloadOnLock ? page.reload() : undefined))
        .catch(() => undefined); // page closed or navigating
    });

    await page.goto(url);

    const ctx = context;
    return {
      page, context: ctx, service, platform, vaultPath, dir, password, url, events, problems, call,
      async close() {
        unsubscribe();
        await ctx.close().catch(() => undefined);
        await service.dispose();
        rmSync(dir, { recursive: true, force: true });
        await release();
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
    await release();
    throw e;
  }
}
