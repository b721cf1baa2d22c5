// Electron main entry: app lifecycle and window hardening around the plain-Node application service.
// Every security setting comes from hardening.ts; this file only applies them.
import { BrowserWindow, Menu, app, protocol, session } from 'electron';
import type { MenuItemConstructorOptions, Session, WebContents } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DesktopAgentHost } from '../app/agent-host.ts';
import { AppService } from '../app/service.ts';
import * as share from '../share/index.ts';
import { APP_DIR_NAME, VAULT_FILE_NAME } from '../vault/default-path.ts';
import { loadAppIcon } from './app-icon.ts';
import { APP_ID } from './app-id.ts';
import { createAppRequestHandler } from './app-protocol.ts';
import { createElectronPlatform } from './electron-platform.ts';
import type { ElectronPlatform } from './electron-platform.ts';
import {
  APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, WINDOW_WEB_PREFERENCES, isAllowedRequestUrl, isAppUrl,
} from './hardening.ts';
import { registerIpc } from './ipc.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '../renderer');
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
const APP_ICON_PATH = path.join(here, '../../resources/icon.png');

const log = (message: string): void => console.error(`[keyhold] ${message}`);

// Before ready: the app scheme is a secure standard origin; every renderer is sandboxed; the
// userData folder is "Keyhold" whatever package.json says, so the CLI finds the same vault.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();
app.setName('Keyhold');
app.setPath('userData', path.join(app.getPath('appData'), APP_DIR_NAME));
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

let mainWindow: BrowserWindow | null = null;
let service: AppService | null = null;
let platform: ElectronPlatform | null = null;
let unregisterIpc: (() => void) | null = null;
let agentHost: DesktopAgentHost | null = null;
let shutDown = false;

function vaultPath(): string {
  // Same rule as the CLI: KEYHOLD_VAULT, else the file in the app's userData folder.
  return process.env.KEYHOLD_VAULT ? path.resolve(process.env.KEYHOLD_VAULT) : path.join(app.getPath('userData'), VAULT_FILE_NAME);
}

/** No permission is ever granted, no request leaves for another origin, nothing is downloaded. */
function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
  ses.on('will-download', (event) => event.preventDefault());
}

/** Applied to every web contents: no navigation away, no new windows, no <webview>. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Roles only: the default menu's Help items would open external web pages. */
function applicationMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [];
  if (process.platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({ role: 'editMenu' });
  template.push({
    label: 'View',
    submenu: [
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
    ],
  });
  template.push({ role: 'windowMenu' });
  return Menu.buildFromTemplate(template);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 760,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'Keyhold',
    autoHideMenuBar: true,
    icon: loadAppIcon(APP_ICON_PATH, log),
    webPreferences: { ...WINDOW_WEB_PREFERENCES, preload: PRELOAD_PATH, devTools: !app.isPackaged },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => {
    log(`Renderer exited (${details.reason}); reloading.`);
    if (!win.isDestroyed()) win.webContents.reload();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  platform?.watchWindow(win);
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppRequestHandler(RENDERER_DIR));
  Menu.setApplicationMenu(applicationMenu());

  platform = createElectronPlatform({ log, getWindow: () => mainWindow, icon: loadAppIcon(APP_ICON_PATH, log) });
  service = new AppService({ vaultPath: vaultPath(), platform, share });
  unregisterIpc = registerIpc({ service, getWindow: () => mainWindow, log });
  // CLI access: the agent socket, open while the app is unlocked (setting cliAccess).
  agentHost = new DesktopAgentHost({ service, env: process.env, log });
  agentHost.start();
  mainWindow = createWindow();
}

/** Locks the vault and clears a copied secret (the service does both), then lets the app exit. */
async function shutdown(): Promise<void> {
  unregisterIpc?.();
  try {
    await agentHost?.dispose();
    await service?.dispose();
  } catch {
    log('Shutdown: the service did not close cleanly.');
  }
  platform?.dispose();
}

if (!app.requestSingleInstanceLock()) {
  // Another Keyhold already runs (and owns the vault): it gets focused, this one leaves.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    void shutdown().finally(() => {
      shutDown = true;
      app.quit();
    });
  });
  start().catch((error: unknown) => {
    log(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
  });
}
