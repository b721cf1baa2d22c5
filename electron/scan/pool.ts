// A pool of scan workers (worker_threads), one per core: files are read and scanned in the
// workers; buffers (git blobs) are handed over without copying. Each job's result comes back
// through a promise. A file is read once: before the stored values are known (load()) a worker
// reads it and looks for key formats, keeps the bytes (up to EARLY_BYTES per worker; one core
// stays free for the unlock), and looks for the values as soon as they arrive. The matcher is
// built once, on shared memory, for all workers.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { scanBuffer, type BufferResult } from './scan-buffer.ts';
import { Matcher, type CompiledNeedles, type MatcherTables } from './matcher.ts';

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

export type WorkerJob = { id: number; kind: 'file'; path: string } | { id: number; kind: 'bytes'; bytes: Uint8Array };
export type WorkerMessage = WorkerJob | { kind: 'matcher'; tables: MatcherTables };
export type WorkerReply = ({ id: number; ok: true; size: number } & BufferResult) | { id: number; ok: false; error: string };
export type JobResult = ({ ok: true; size: number } & BufferResult) | { ok: false; error: string };

/** Jobs queued per worker, so a worker never waits for the next one. */
const IN_FLIGHT = 4;
/** Bytes of files a worker may read (and hold) before the values are known. */
export const EARLY_BYTES = 64 * 1024 * 1024;

interface Slot {
  worker: Worker;
  busy: number;
  /** Bytes of the file jobs handed to this worker before load(), still unanswered. */
  early: number;
}

interface Queued {
  job: WorkerJob;
  transfer: ArrayBuffer[];
  /** File size as listed (0 when unknown), for the early budget. */
  size: number;
}

export class ScanPool {
  readonly #workers: Slot[];
  readonly #pending = new Map<number, { resolve: (r: JobResult) => void; slot: Slot; early: number }>();
  readonly #queue: Queued[] = [];
  #nextId = 1;
  #failed: Error | null = null;
  #loaded = false;
  #onLoad: (() => void)[] = [];
  readonly #inline: boolean;
  #matcher: Matcher | null = null;
  #waiters: { n: number; resolve: () => void }[] = [];

  /**
   * Starts the workers; they load their code at once, and read files and look for key formats
   * until load(needles). `threads: 0` scans in this thread instead, after load() (the bundled
   * desktop app, where the worker's source file is not shipped).
   */
  constructor(opts: { threads?: number } = {}) {
    const threads = opts.threads === 0 ? 0 : Math.max(1, opts.threads ?? availableParallelism());
    this.#inline = threads === 0;
    this.#workers = Array.from({ length: threads }, () => {
      const worker = new Worker(workerUrl());
      const slot: Slot = { worker, busy: 0, early: 0 };
      worker.on('message', (reply: WorkerReply) => {
        const done = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        slot.busy--;
        slot.early -= done?.early ?? 0;
        const { id: _id, ...result } = reply;
        done?.resolve(result);
        this.#pump();
      });
      worker.on('error', (e) => this.#fail(e));
      return slot;
    });
  }

  /** Builds the matcher once and shares it with every worker. Call once. */
  load(needles: CompiledNeedles): void {
    this.#matcher = new Matcher(needles, { shared: !this.#inline });
    for (const { worker } of this.#workers) worker.postMessage({ kind: 'matcher', tables: this.#matcher.tables } satisfies WorkerMessage);
    this.#loaded = true;
    for (const go of this.#onLoad) go();
    this.#onLoad = [];
    this.#pump();
  }

  /** Both passes over the file at `path`; `size` (as listed) paces the reading before load(). */
  scanFile(path: string, size = 0): Promise<JobResult> {
    return this.#submit({ id: this.#nextId++, kind: 'file', path }, [], size);
  }

  /** Both passes over `bytes`, after load(); takes ownership (its buffer is transferred to a worker). */
  scanBytes(bytes: Uint8Array): Promise<JobResult> {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    return this.#submit({ id: this.#nextId++, kind: 'bytes', bytes: own }, [own.buffer as ArrayBuffer], own.length);
  }

  /** Resolves once at most `n` jobs wait for a worker (for producers to pace themselves). */
  drained(n: number): Promise<void> {
    if (this.#queue.length <= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }

  /** Stops the workers and overwrites the shared needles (the values). */
  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
    this.#matcher?.wipe();
  }

  #submit(job: WorkerJob, transfer: ArrayBuffer[], size: number): Promise<JobResult> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#inline) return this.#runInline(job);
    return new Promise((resolve) => {
      this.#pending.set(job.id, { resolve, slot: this.#workers[0]!, early: 0 });
      this.#queue.push({ job, transfer, size });
      this.#pump();
    });
  }

  /** One job in this thread, after load() and a turn of the event loop (so IPC and timers keep running). */
  async #runInline(job: WorkerJob): Promise<JobResult> {
    if (!this.#loaded) await new Promise<void>((go) => this.#onLoad.push(go));
    await new Promise((r) => setImmediate(r));
    const matcher = this.#matcher!;
    try {
      const buf = job.kind === 'file' ? readFileSync(job.path) : job.bytes;
      return { ok: true, size: buf.length, ...scanBuffer(buf, matcher) };
    } catch (e) {
      return { ok: false, error: (e as NodeJS.ErrnoException).code ?? 'read failed' };
    }
  }

  /** Hands queued jobs to workers: before load() files only, up to EARLY_BYTES each; then IN_FLIGHT each. */
  #pump(): void {
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      const slot = this.#pickSlot(next);
      if (!slot) break;
      this.#queue.shift();
      const early = this.#loaded ? 0 : Math.max(next.size, 1);
      slot.busy++;
      slot.early += early;
      const entry = this.#pending.get(next.job.id);
      if (entry) Object.assign(entry, { slot, early });
      slot.worker.postMessage(next.job satisfies WorkerMessage, next.transfer);
    }
    const ready = this.#waiters.filter((w) => this.#queue.length <= w.n);
    this.#waiters = this.#waiters.filter((w) => this.#queue.length > w.n);
    for (const w of ready) w.resolve();
  }

  #pickSlot(next: Queued): Slot | null {
    let best: Slot | null = null;
    // Until the values are known one core stays free for the unlock (Argon2, decryption): it is what the scan waits for.
    for (const slot of this.#loaded ? this.#workers : this.#workers.slice(0, Math.max(1, this.#workers.length - 1))) {
      if (this.#loaded ? slot.busy >= IN_FLIGHT : next.job.kind !== 'file' || (slot.early > 0 && slot.early + next.size > EARLY_BYTES)) continue;
      if (!best || (this.#loaded ? slot.busy < best.busy : slot.early < best.early)) best = slot;
    }
    return best;
  }

  #fail(e: Error): void {
    this.#failed = e;
    for (const done of this.#pending.values()) done.resolve({ ok: false, error: 'worker failed' });
    this.#pending.clear();
    for (const w of this.#waiters) w.resolve();
    this.#waiters = [];
  }
}
