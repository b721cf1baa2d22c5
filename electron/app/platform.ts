// What the application service needs from the machine it runs on. The Electron adapter implements
// it with clipboard, powerMonitor and dialogs; tests implement it with a fake clock and clipboard,
// so the whole main-process application runs in plain Node.

export type SystemEvent = 'screen-locked' | 'suspend' | 'window-hidden';

export interface TimerHandle {
  cancel(): void;
}

// Electron 45's clipboard is asynchronous (W3C-style: write/readText return promises), so writing
// and reading are async here; the service must await them. clear() stays synchronous in Electron.
export interface PlatformClipboard {
  /** Writes a secret; with excludeFromHistory, also the OS markers that keep it out of clipboard history/managers. */
  writeSecret(text: string, opts: { excludeFromHistory: boolean }): Promise<void>;
  /** Current plain-text content (used to clear only if it still holds what we wrote). */
  readText(): Promise<string>;
  clear(): void;
}

/**
 * The OS keychain (Electron's safeStorage) and a small file in the app's data folder sealed by it:
 * where the desktop app remembers the newest audit head of each vault (rollback-guard.ts).
 */
export interface PlatformKeychain {
  /**
   * Which keychain seals the records: 'unavailable' when there is none; on Linux Chromium's
   * backend name ('gnome_libsecret', 'kwallet5', … or 'basic_text', a key hard-coded in the
   * program, which protects nothing); 'macos_keychain' or 'windows_dpapi' elsewhere.
   */
  backend(): Promise<string>;
  /** Decrypts the record stored as `name`; null when none was stored. Throws when it cannot be decrypted. */
  load(name: string): Promise<string | null>;
  /** Encrypts `text` with the keychain and replaces the record `name` (atomically). */
  save(name: string, text: string): Promise<void>;
}

export interface Platform {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn once after ms (on the platform's clock). */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Seconds the user has been idle (no keyboard/mouse input system-wide). */
  idleSeconds(): number;
  /** Subscribes to screen lock / suspend / window hidden. Returns an unsubscribe function. */
  onSystemEvent(listener: (event: SystemEvent) => void): () => void;
  clipboard: PlatformClipboard;
  /** Native save / open dialogs; null when the user cancels. */
  chooseSaveFile(opts: { title: string; defaultName: string }): Promise<string | null>;
  chooseOpenFile(opts: { title: string; extensions: string[] }): Promise<string | null>;
  /** A folder picker (the leak scan); null when the user cancels. */
  chooseFolder(opts: { title: string }): Promise<string | null>;
  /** The user's home folder (the leak scan's --home places). */
  homeDir(): string;
  /** A desktop notification (reminders). Never carries a secret value. */
  notify(notice: { title: string; body: string }): void;
  /** The OS keychain, for small records only the app itself should be able to change. */
  keychain: PlatformKeychain;
}
