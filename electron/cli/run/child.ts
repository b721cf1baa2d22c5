// Running the program for `keyhold run`: on a pseudo-terminal when keyhold is on a terminal (so
// colours, isatty() checks and prompts behave as without keyhold), else on pipes; output masked;
// signals forwarded; the child's exit code returned (128+N when signal N ended it).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type net from 'node:net';
import type { Readable } from 'node:stream';
import { StreamMasker } from './mask.ts';
import { openOutputSockets, type Deliver, type OutputSockets } from './output-sockets.ts';

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

function writeTo(stream: NodeJS.WriteStream): (b: Buffer) => void {
  // The masker never reuses a buffer it emitted, so no copy is needed. Writes to pipes and files
  // are synchronous on POSIX, which also slows a fast child down to the speed of the reader.
  return (b) => void stream.write(b);
}

/** On pipes (or inherited stdio with --no-masking). stdin is always inherited: passed straight through. */
async function runOnPipes(spec: ChildSpec): Promise<number> {
  // Without a terminal on stdin, the child gets its own process group so that a signal reaches
  // it exactly once (from us). With one, it must stay in the terminal's foreground group to
  // read from it; Ctrl-C then reaches it from the terminal directly, so SIGINT is not relayed.
  const ownGroup = !process.stdin.isTTY && process.platform !== 'win32';
  const masked = spec.mask === null ? null : await maskedOutput(spec.mask);
  const child = spawn(spec.file, spec.args, {
    env: spec.env,
    cwd: spec.cwd,
    stdio: ['inherit', masked ? masked.stdio[0] : 'inherit', masked ? masked.stdio[1] : 'inherit'],
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
  const copied = masked ? masked.copy(child) : Promise.resolve();
  return new Promise((resolve) => {
    child.on('spawn', () => spec.onStart(child.pid));
    child.on('error', (e: NodeJS.ErrnoException) => {
      stop();
      masked?.abandon();
      spec.notice(`cannot start ${spec.file}: ${e.code ?? 'error'}`);
      resolve(e.code === 'ENOENT' ? 127 : 126);
    });
    child.on('close', (code, signal) => {
      void copied.then(() => {
        stop();
        for (const p of spec.mask ?? []) p.fill(0);
        resolve(exitCodeOf(code, signal));
      });
    });
  });
}

interface MaskedOutput {
  /** The child's stdout and stderr. */
  stdio: [net.Socket, net.Socket] | ['pipe', 'pipe'];
  /** Copies the child's output, masked, to ours; resolves when both streams have ended. */
  copy(child: ChildProcess): Promise<void>;
  /** The child did not start: close what was opened for it. */
  abandon(): void;
}

/**
 * The child's output through local socket pairs read into buffers of our own (fast: see
 * output-sockets.ts); through Node's pipes if those cannot be made here.
 */
async function maskedOutput(patterns: Buffer[]): Promise<MaskedOutput> {
  // A chunk's buffer goes back to be read into once every write of its bytes has completed: the
  // masker's output is views into it (or into small copies of its own).
  const holds: [(() => () => void) | null, (() => () => void) | null] = [null, null];
  const writer = (i: 0 | 1, stream: NodeJS.WriteStream) => (bytes: Buffer) => {
    const hold = holds[i];
    if (hold) stream.write(bytes, hold());
    else stream.write(bytes);
  };
  const maskers = [new StreamMasker(patterns, writer(0, process.stdout)), new StreamMasker(patterns, writer(1, process.stderr))] as const;
  const timers: (NodeJS.Timeout | undefined)[] = [undefined, undefined];
  const deliver = (i: 0 | 1): Deliver => (chunk, release) => {
    let pending = 1;
    const done = () => {
      if (--pending === 0) release();
    };
    holds[i] = () => {
      pending++;
      return done;
    };
    try {
      maskers[i].push(chunk);
    } finally {
      holds[i] = null;
      done();
    }
    clearTimeout(timers[i]);
    timers[i] = setTimeout(() => maskers[i].idle(), IDLE_MS);
  };
  const finish = () => {
    for (const [i, m] of maskers.entries()) {
      clearTimeout(timers[i]);
      m.end();
      m.dispose();
    }
  };
  let sockets: OutputSockets;
  try {
    sockets = await openOutputSockets(deliver(0), deliver(1));
  } catch {
    const fresh = (i: 0 | 1) => (chunk: Buffer) => deliver(i)(chunk, () => undefined);
    return {
      stdio: ['pipe', 'pipe'],
      copy: (child) => Promise.all([ended(child.stdout!, fresh(0)), ended(child.stderr!, fresh(1))]).then(finish),
      abandon: finish,
    };
  }
  return {
    stdio: sockets.childEnds,
    copy: (child) => {
      // Once the child holds its ends, ours must go: the streams end when the child's copies close.
      child.once('spawn', () => sockets.releaseChildEnds());
      return sockets.ended.then(finish);
    },
    abandon: () => {
      sockets.destroy();
      finish();
    },
  };
}

/** Feeds `source` to `onData` until it closes. */
function ended(source: Readable, onData: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve) => {
    source.on('data', onData);
    source.on('close', () => resolve());
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
