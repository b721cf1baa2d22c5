// The application service's Platform, implemented with Electron: clipboard (one multi-format write
// with history exclusion), powerMonitor (idle time, lock-screen, suspend), window hide/minimize,
// native dialogs, the OS keychain (safeStorage, keychain.ts), and the real clock. Thin on purpose:
// the decisions live in pure modules.
import { ClipboardItem, Notification, app, clipboard, dialog, powerMonitor } from 'electron';
import type { BrowserWindow, NativeImage } from 'electron';
import type { Platform, PlatformClipboard, SystemEvent, TimerHandle } from '../app/platform.ts';
import { clipboardItemRecord, redactedMessage, secretClipboardEntries } from './clipboard-formats.ts';
import { createElectronKeychain } from './keychain.ts';
import { startScreenSaverMonitor } from './screensaver-monitor.ts';

export interface ElectronPlatform extends Platform {
  /** Reports 'window-hidden' when this window is hidden or minimised. */
  watchWindow(win: BrowserWindow): void;
  dispose(): void;
}

type Log = (message: string) => void;

/** Writes the secret and its history-exclusion markers in one write; plain text if that fails. */
export function createElectronClipboard(log: Log): PlatformClipboard {
  return {
    async writeSecret(text, { excludeFromHistory }) {
      const entries = secretClipboardEntries(text, process.platform, excludeFromHistory);
      try {
        await clipboard.write([new ClipboardItem(clipboardItemRecord(entries))]);
      } catch (error) {
        log(`Clipboard: the multi-format write failed (${redactedMessage(error, text)}); wrote plain text without history exclusion.`);
        await clipboard.writeText(text);
      }
    },
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  };
}

/** `icon`: the app icon, shown with notifications (Linux and Windows; macOS uses the bundle's). */
export function createElectronPlatform(opts: { log: Log; getWindow: () => BrowserWindow | null; icon?: NativeImage }): ElectronPlatform {
  const listeners = new Set<(event: SystemEvent) => void>();
  const emit = (event: SystemEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  const onLockScreen = (): void => emit('screen-locked');
  const onSuspend = (): void => emit('suspend');
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  // Electron's lock-screen never fires on Linux: watch the screen savers on the session bus.
  const stopScreenSaver = process.platform === 'linux' ? startScreenSaverMonitor({ onActivated: onLockScreen, log: opts.log }) : () => {};

  const modalParent = (): BrowserWindow | undefined => {
    const win = opts.getWindow();
    return win && !win.isDestroyed() ? win : undefined;
  };

  return {
    now: () => Date.now(),
    setTimer(ms: number, fn: () => void): TimerHandle {
      const handle = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(handle) };
    },
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    onSystemEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clipboard: createElectronClipboard(opts.log),
    keychain: createElectronKeychain(),
    async chooseSaveFile({ title, defaultName }) {
      const options = { title, defaultPath: defaultName, properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const] };
      const parent = modalParent();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseOpenFile({ title, extensions }) {
      const options = { title, properties: ['openFile' as const], filters: [{ name: 'Keyhold bundle', extensions }, { name: 'All files', extensions: ['*'] }] };
      const parent = modalParent();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async chooseFolder({ title }) {
      const options = { title, properties: ['openDirectory' as const] };
      const parent = modalParent();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    homeDir() {
      return app.getPath('home');
    },
    notify({ title, body }) {
      // Not every Linux desktop runs a notification server; a missing one is not an error.
      if (Notification.isSupported()) new Notification({ title: `Keyhold: ${title}`, body, silent: false, ...(opts.icon ? { icon: opts.icon } : {}) }).show();
    },
    watchWindow(win) {
      const onHidden = (): void => emit('window-hidden');
      win.on('hide', onHidden);
      win.on('minimize', onHidden);
    },
    dispose() {
      powerMonitor.off('lock-screen', onLockScreen);
      powerMonitor.off('suspend', onSuspend);
      stopScreenSaver();
      listeners.clear();
    },
  };
}
