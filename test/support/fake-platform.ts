// A fake Platform (electron/app/platform.ts) for running the application service in plain Node:
// tests of the service and the renderer's Chromium e2e bridge both use it. Self-contained: it
// imports only the Platform types.
//
// Controls:
//   clock      now() starts at `startTime` and moves only with `await advance(ms)`, which fires due
//              timers in time order (setting the clock to each timer's due time first) and lets
//              the async work they start (clipboard reads, locking) finish before returning.
//   idle       idleSeconds() = time since the last userActive() (or since creation), unless
//              setIdleSeconds(n) pins it; setIdleSeconds(null) goes back to the clock.
//   events     await emitSystemEvent('screen-locked' | 'suspend' | 'window-hidden').
//   clipboard  in memory: `text`, `excluded` (whether the current text was written with the
//              history-exclusion flag), `writes` (every writeSecret with its flag), `clears`,
//              and userCopy(text) for "the user copied something else in another app".
//   notify     every notification is kept in `notifications`; homeDir() returns `home`.
//   dialogs    queue answers with answerSave(path | null) / answerOpen(path | null); with no
//              answer queued a dialog is cancelled (null). `dialogs` records every dialog shown.
//   keychain   in memory: `keychain.backendName` ('gnome_libsecret' by default; 'basic_text' or
//              'unavailable' to test the refusals), `keychain.records` (name → sealed bytes) and
//              `keychain.saves` (count). The sealing is a reversible stand-in, not encryption;
//              decryption fails when `keychain.broken` is set (a record sealed by another keychain).
import type { Platform, PlatformClipboard, PlatformKeychain, SystemEvent, TimerHandle } from '../../electron/app/platform.ts';

const FAKE_SEAL = Buffer.from('fake-keychain-v1:');

export class FakeKeychain implements PlatformKeychain {
  backendName = 'gnome_libsecret';
  broken = false;
  readonly records = new Map<string, Buffer>();
  saves = 0;

  async backend(): Promise<string> {
    return this.backendName;
  }

  async load(name: string): Promise<string | null> {
    const sealed = this.records.get(name);
    if (!sealed) return null;
    if (this.broken || !sealed.subarray(0, FAKE_SEAL.length).equals(FAKE_SEAL)) throw new Error('decryption failed');
    return Buffer.from(sealed.subarray(FAKE_SEAL.length).toString('utf8'), 'base64').toString('utf8');
  }

  async save(name: string, text: string): Promise<void> {
    // Like the Electron adapter: nothing is stored without a real keychain.
    if (this.backendName === 'basic_text' || this.backendName === 'unavailable') throw new Error(`no keychain (${this.backendName})`);
    this.records.set(name, Buffer.concat([FAKE_SEAL, Buffer.from(Buffer.from(text, 'utf8').toString('base64'))]));
    this.saves++;
  }

  /** The stored record as text (tests read what the app remembered). */
  peek(name: string): string | null {
    const sealed = this.records.get(name);
    return sealed ? Buffer.from(sealed.subarray(FAKE_SEAL.length).toString('utf8'), 'base64').toString('utf8') : null;
  }
}

export class FakeClipboard implements PlatformClipboard {
  text = '';
  /** Whether the current text carries the "keep out of clipboard history" markers. */
  excluded = false;
  /** Every writeSecret call, in order (test-only: holds the values written). */
  readonly writes: { text: string; excludeFromHistory: boolean }[] = [];
  /** Number of clear() calls. */
  clears = 0;

  async writeSecret(text: string, opts: { excludeFromHistory: boolean }): Promise<void> {
    this.text = text;
    this.excluded = opts.excludeFromHistory;
    this.writes.push({ text, excludeFromHistory: opts.excludeFromHistory });
  }

  async readText(): Promise<string> {
    return this.text;
  }

  clear(): void {
    this.text = '';
    this.excluded = false;
    this.clears++;
  }

  /** The user copies something else (another app, or plain Ctrl+C). */
  userCopy(text: string): void {
    this.text = text;
    this.excluded = false;
  }
}

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

export interface FakePlatformOptions {
  /** Initial clock value, ms since the epoch (default 2025-01-01T00:00:00Z). */
  startTime?: number;
}

export type DialogCall =
  | { kind: 'save'; title: string; defaultName: string }
  | { kind: 'open'; title: string; extensions: string[] }
  | { kind: 'folder'; title: string };

/** Lets pending promise callbacks and I/O callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakePlatform implements Platform {
  readonly clipboard = new FakeClipboard();
  readonly keychain = new FakeKeychain();
  readonly dialogs: DialogCall[] = [];
  /** What homeDir() returns; tests point it at a fake HOME. */
  home = '/nonexistent-home';
  /** Every desktop notification shown, in order. */
  readonly notifications: { title: string; body: string }[] = [];
  #now: number;
  #timers: FakeTimer[] = [];
  #nextId = 1;
  #lastInput: number;
  #idleOverride: number | null = null;
  #listeners = new Set<(event: SystemEvent) => void>();
  #saveAnswers: (string | null)[] = [];
  #openAnswers: (string | null)[] = [];

  constructor(opts: FakePlatformOptions = {}) {
    this.#now = opts.startTime ?? Date.parse('2025-01-01T00:00:00.000Z');
    this.#lastInput = this.#now;
  }

  // ---- Platform

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: FakeTimer = { id: this.#nextId++, due: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return { cancel: () => { this.#timers = this.#timers.filter((t) => t !== timer); } };
  }

  idleSeconds(): number {
    if (this.#idleOverride !== null) return this.#idleOverride;
    return Math.floor((this.#now - this.#lastInput) / 1000);
  }

  onSystemEvent(listener: (event: SystemEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async chooseSaveFile(opts: { title: string; defaultName: string }): Promise<string | null> {
    this.dialogs.push({ kind: 'save', title: opts.title, defaultName: opts.defaultName });
    return this.#saveAnswers.length ? (this.#saveAnswers.shift() ?? null) : null;
  }

  async chooseOpenFile(opts: { title: string; extensions: string[] }): Promise<string | null> {
    this.dialogs.push({ kind: 'open', title: opts.title, extensions: [...opts.extensions] });
    return this.#openAnswers.length ? (this.#openAnswers.shift() ?? null) : null;
  }

  /** Answered from the same queue as chooseOpenFile (answerOpen). */
  async chooseFolder(opts: { title: string }): Promise<string | null> {
    this.dialogs.push({ kind: 'folder', title: opts.title });
    return this.#openAnswers.length ? (this.#openAnswers.shift() ?? null) : null;
  }

  homeDir(): string {
    return this.home;
  }

  notify(notice: { title: string; body: string }): void {
    this.notifications.push({ title: notice.title, body: notice.body });
  }

  // ---- controls

  /** Moves the clock forward, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.due);
      next.fn();
      await settle();
    }
    this.#now = end;
    await settle();
  }

  /**
   * Jumps the clock forward in one step: every timer due by then fires once, at the new time (a
   * timer that re-arms itself, like a 2 s poll, fires once rather than once per period — advance()
   * over months would run it millions of times).
   */
  async jump(ms: number): Promise<void> {
    this.#now += ms;
    const due = this.#timers.filter((t) => t.due <= this.#now).sort((a, b) => a.due - b.due || a.id - b.id);
    this.#timers = this.#timers.filter((t) => !due.includes(t));
    for (const t of due) {
      t.fn();
      await settle();
    }
    await settle();
  }

  /** The user touched keyboard or mouse now: idle time restarts from zero. */
  userActive(): void {
    this.#lastInput = this.#now;
  }

  /** Pins idleSeconds() to a value; null returns to "time since userActive()". */
  setIdleSeconds(seconds: number | null): void {
    this.#idleOverride = seconds;
  }

  /** Delivers a system event to every subscriber and lets the reactions finish. */
  async emitSystemEvent(event: SystemEvent): Promise<void> {
    for (const l of [...this.#listeners]) l(event);
    await settle();
  }

  answerSave(path: string | null): void {
    this.#saveAnswers.push(path);
  }

  answerOpen(path: string | null): void {
    this.#openAnswers.push(path);
  }

  /** Timers waiting to fire (for checking that dispose() cancelled everything). */
  pendingTimers(): number {
    return this.#timers.length;
  }

  /** Subscribers to system events (for checking that dispose() unsubscribed). */
  systemEventListeners(): number {
    return this.#listeners.size;
  }
}
