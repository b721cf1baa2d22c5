// Running the program for `keyhold run`: on a pseudo-terminal when keyhold is on a terminal (so
// colours, isatty() checks and prompts behave as without keyhold), else on pipes; output masked;
// signals forwarded; the child's exit code returned (128+N when signal N ended it).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { StreamMasker } from './mask.ts';

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** How long the output may be quiet before held-back bytes that cannot start a value go out. */
const IDLE_MS = 15;

export interface ChildSpec {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Byte patterns to mask, or null for --no-masking. */
  mask: Buffer[] | null;
  /** Told the child's pid as soon as it runs. */
  onStart(pid: number | undefined): void;
  /** A one-line notice for stderr. */
  notice(line: string): void;
}

/** 127 when not found, 126 when not executable, like a shell; null when it can be run. */
export function findProgram(command: string, env: Record<string, string>): { path: string } | { code: 126 | 127; why: string } {
  const candidates = command.includes('/') || (process.platform === 'win32' && command.includes('\\'))
    ? [path.resolve(command)]
    : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  let notExecutable: string | undefined;
  for (const file of candidates) {
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) continue;
      fs.accessSync(file, fs.constants.X_OK);
      return { path: file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EACCES') notExecutable ??= file;
    }
  }
  if (process.platform === 'win32') return { path: command }; // PATHEXT lookup is left to spawn
  if (notExecutable) return { code: 126, why: `${notExecutable} is not executable` };
  return { code: 127, why: `command not found: ${command}` };
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | number | null | undefined): number {
  if (typeof signal === 'string') return 128 + (os.constants.signals[signal] ?? 0);
  if (typeof signal === 'number' && signal > 0) return 128 + signal;
  return code ?? 1;
}

/** Relays signals sent to keyhold while the child runs; returns the function that stops it. */
function forwardSignals(send: (signal: ForwardedSignal) => void, which: readonly ForwardedSignal[]): () => void {
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => {
      if (which.includes(signal)) send(signal);
    };
    process.on(signal, handler); // also keeps keyhold alive until the child is gone
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/** Pipes `source` through a masker into `write`; resolves when the source has ended. */
function maskedCopy(source: Readable, patterns: Buffer[], write: (b: Buffer) => void): Promise<void> {
  const masker = new StreamMasker(patterns, write);
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve) => {
    source.on('data', (chunk: Buffer) => {
      masker.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(() => masker.idle(), IDLE_MS);
    });
    source.on('close', () => {
      clearTimeout(timer);
      masker.end();
      masker.dispose();
      resolve();
    });
  });
}

function writeTo(stream: NodeJS.WriteStream): (b: Buffer) => void {
  // The masker never reuses a buffer it emitted, so no copy is needed. Writes to pipes and files
  // are synchronous on POSIX, which also slows a fast child down to the speed of the reader.
  return (b) => void stream.write(b);
}

/** On pipes (or inherited stdio with --no-masking). stdin is always inherited: passed straight through. */
function runOnPipes(spec: ChildSpec): Promise<number> {
  // Without a terminal on stdin, the child gets its own process group so that a signal reaches
  // it exactly once (from us). With one, it must stay in the terminal's foreground group to
  // read from it; Ctrl-C then reaches it from the terminal directly, so SIGINT is not relayed.
  const ownGroup = !process.stdin.isTTY && process.platform !== 'win32';
  const masking = spec.mask !== null;
  const child = spawn(spec.file, spec.args, {
    env: spec.env,
    cwd: spec.cwd,
    stdio: ['inherit', masking ? 'pipe' : 'inherit', masking ? 'pipe' : 'inherit'],
    detached: ownGroup,
  });
  const relay = ownGroup ? FORWARDED_SIGNALS : (['SIGTERM', 'SIGHUP'] as const);
  const send = (signal: ForwardedSignal) => {
    // To the child's whole group when it has one, as a terminal's Ctrl-C would reach it.
    try {
      if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      child.kill(signal);
    }
  };
  const stop = forwardSignals(send, relay);
  const copies: Promise<void>[] = [];
  if (masking) {
    copies.push(maskedCopy(child.stdout!, spec.mask!, writeTo(process.stdout)));
    copies.push(maskedCopy(child.stderr!, spec.mask!, writeTo(process.stderr)));
  }
  return new Promise((resolve) => {
    child.on('spawn', () => spec.onStart(child.pid));
    child.on('error', (e: NodeJS.ErrnoException) => {
      stop();
      spec.notice(`cannot start ${spec.file}: ${e.code ?? 'error'}`);
      resolve(e.code === 'ENOENT' ? 127 : 126);
    });
    child.on('close', (code, signal) => {
      void Promise.all(copies).then(() => {
        stop();
        for (const p of spec.mask ?? []) p.fill(0);
        resolve(exitCodeOf(code, signal));
      });
    });
  });
}

interface PtyProcess {
  pid: number;
  onData(listener: (data: Buffer) => void): void;
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): void;
  write(data: Buffer | string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
}
interface PtyModule {
  spawn(file: string, args: string[], options: Record<string, unknown>): PtyProcess;
}

/** The PTY package, or the reason it cannot be used here. */
export function loadPty(): PtyModule | Error {
  try {
    return createRequire(import.meta.url)('@lydell/node-pty') as PtyModule;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** On a pseudo-terminal sized like ours; our terminal in raw mode so keys (Ctrl-C too) reach the child. */
function runOnPty(spec: ChildSpec, pty: PtyModule): Promise<number> {
  const stdout = process.stdout;
  const stdin = process.stdin;
  const term = pty.spawn(spec.file, spec.args, {
    name: spec.env.TERM || 'xterm-256color',
    cols: stdout.columns || 80,
    rows: stdout.rows || 24,
    cwd: spec.cwd,
    env: spec.env,
    encoding: null,
  });
  spec.onStart(term.pid);
  const write = writeTo(stdout);
  const masker = spec.mask ? new StreamMasker(spec.mask, write) : null;
  let timer: NodeJS.Timeout | undefined;
  term.onData((data) => {
    if (!masker) return write(data);
    masker.push(data);
    clearTimeout(timer);
    timer = setTimeout(() => masker.idle(), IDLE_MS);
  });
  const onInput = (data: Buffer) => term.write(data);
  const onResize = () => term.resize(stdout.columns || 80, stdout.rows || 24);
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.on('data', onInput);
  stdin.resume();
  stdout.on('resize', onResize);
  const stop = forwardSignals((signal) => term.kill(signal), FORWARDED_SIGNALS);
  return new Promise((resolve) => {
    term.onExit(({ exitCode, signal }) => {
      clearTimeout(timer);
      masker?.end();
      masker?.dispose();
      for (const p of spec.mask ?? []) p.fill(0);
      stop();
      stdout.off('resize', onResize);
      stdin.off('data', onInput);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      resolve(exitCodeOf(exitCode, signal));
    });
  });
}

/**
 * Runs the child and resolves with keyhold's exit code. A pseudo-terminal is used when masking
 * and both stdin and stdout are terminals; if the PTY package cannot load, pipes, with a notice.
 */
export function runChild(spec: ChildSpec): Promise<number> {
  const onTerminal = process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (spec.mask !== null && onTerminal) {
    const pty = loadPty();
    if (!(pty instanceof Error)) {
      try {
        return runOnPty(spec, pty);
      } catch {
        // e.g. no free pseudo-terminal: fall through to pipes
      }
    }
    spec.notice('no pseudo-terminal support here: the program runs on pipes (it may print no colours)');
  }
  return runOnPipes(spec);
}
