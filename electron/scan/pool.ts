// A pool of scan workers (worker_threads), one per core: files are read and scanned in the
// workers; buffers (git blobs) are handed over without copying. Each job's result comes back
// through a promise. Key-format jobs run at once; jobs that need the stored values wait for load().
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { scanBuffer, type BufferResult, type PassMode } from './scan-buffer.ts';
import { Matcher, type CompiledNeedles } from './matcher.ts';

/**
 * The worker's code: `worker.ts` beside this module when running from the sources; in the bundled
 * CLI, `out/cli/scan-worker.js` (its own entry in vite.cli.config.ts), seen from `out/cli/` or
 * `out/cli/chunks/`. Not string literals in `new URL(…)` on purpose: bundlers would turn those into assets.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL(['.', 'worker.ts'].join('/'), here);
  return new URL([here.includes('/chunks/') ? '..' : '.', 'scan-worker.js'].join('/'), here);
}

export type WorkerJob = { id: number; kind: 'file'; path: string; mode: PassMode } | { id: number; kind: 'bytes'; bytes: Uint8Array; mode: PassMode };
export type WorkerReply = ({ id: number; ok: true; size: number } & BufferResult) | { id: number; ok: false; error: string };
export type JobResult = ({ ok: true; size: number } & BufferResult) | { ok: false; error: string };

/** Jobs queued per worker, so a worker never waits for the next one. */
const IN_FLIGHT = 4;

export class ScanPool {
  readonly #workers: { worker: Worker; busy: number }[];
  readonly #pending = new Map<number, (r: JobResult) => void>();
  readonly #queue: { job: WorkerJob; transfer: ArrayBuffer[] }[] = [];
  #nextId = 1;
  #failed: Error | null = null;
  #loaded = false;
  readonly #inline: boolean;
  #matcher: Matcher | null = null;
  #needles: CompiledNeedles | null = null;
  #waiters: { n: number; resolve: () => void }[] = [];

  /**
   * Starts the workers; they load their code at once and wait for load(needles). `threads: 0`
   * scans in this thread instead (the bundled desktop app, where the worker's source file is not shipped).
   */
  constructor(opts: { threads?: number } = {}) {
    const threads = opts.threads === 0 ? 0 : Math.max(1, opts.threads ?? availableParallelism());
    this.#inline = threads === 0;
    this.#workers = Array.from({ length: threads }, () => {
      const worker = new Worker(workerUrl());
      const slot = { worker, busy: 0 };
      worker.on('message', (reply: WorkerReply) => {
        slot.busy--;
        const done = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        const { id: _id, ...result } = reply;
        done?.(result);
        this.#pump();
      });
      worker.on('error', (e) => this.#fail(e));
      return slot;
    });
  }

  /** Gives every worker the needles (copied in memory by structured clone). Call once, before any job. */
  load(needles: CompiledNeedles): void {
    if (this.#inline) {
      this.#needles = needles;
      this.#matcher = new Matcher(needles);
    }
    for (const { worker } of this.#workers) worker.postMessage({ kind: 'needles', needles: { bytes: needles.bytes, starts: needles.starts } });
    this.#loaded = true;
    this.#pump();
  }

  scanFile(path: string, mode: PassMode): Promise<JobResult> {
    return this.#submit({ id: this.#nextId++, kind: 'file', path, mode }, []);
  }

  /** Both passes over `bytes`, after load(); takes ownership (its buffer is transferred to a worker). */
  scanBytes(bytes: Uint8Array): Promise<JobResult> {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    return this.#submit({ id: this.#nextId++, kind: 'bytes', bytes: own, mode: 'both' }, [own.buffer as ArrayBuffer]);
  }

  /** Resolves once at most `n` jobs wait for a worker (for producers to pace themselves). */
  drained(n: number): Promise<void> {
    if (this.#queue.length <= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }

  #submit(job: WorkerJob, transfer: ArrayBuffer[]): Promise<JobResult> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#inline) return this.#runInline(job);
    return new Promise((resolve) => {
      this.#pending.set(job.id, resolve);
      this.#queue.push({ job, transfer });
      this.#pump();
    });
  }

  /** One job in this thread, after yielding to the event loop (so IPC and timers keep running). */
  async #runInline(job: WorkerJob): Promise<JobResult> {
    await new Promise((r) => setImmediate(r));
    const needles = this.#needles;
    try {
      if (job.mode !== 'patterns' && !this.#matcher) throw new Error('no needles');
      const buf = job.kind === 'file' ? readFileSync(job.path) : job.bytes;
      return { ok: true, size: buf.length, ...scanBuffer(buf, job.mode, this.#matcher, (i) => needles!.starts[i + 1]! - needles!.starts[i]!) };
    } catch (e) {
      return { ok: false, error: (e as NodeJS.ErrnoException).code ?? 'read failed' };
    }
  }

  #pump(): void {
    for (const slot of this.#workers) {
      while (slot.busy < IN_FLIGHT) {
        // Before load() only key-format jobs can run; they are queued first anyway.
        const i = this.#loaded ? 0 : this.#queue.findIndex((q) => q.job.mode === 'patterns');
        if (i < 0 || i >= this.#queue.length) break;
        const { job, transfer } = this.#queue.splice(i, 1)[0]!;
        slot.busy++;
        slot.worker.postMessage(job, transfer);
      }
    }
    const ready = this.#waiters.filter((w) => this.#queue.length <= w.n);
    this.#waiters = this.#waiters.filter((w) => this.#queue.length > w.n);
    for (const w of ready) w.resolve();
  }

  #fail(e: Error): void {
    this.#failed = e;
    for (const done of this.#pending.values()) done({ ok: false, error: 'worker failed' });
    this.#pending.clear();
    for (const w of this.#waiters) w.resolve();
    this.#waiters = [];
  }
}
