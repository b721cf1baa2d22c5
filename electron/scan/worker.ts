// A scan worker: starts before the vault is unlocked, reads files and looks for key formats in
// them (which needs no vault values) while Argon2 runs, keeping the bytes; then gets the matcher
// (the needles on shared memory, never through a file) and looks for the stored values.
import { parentPort } from 'node:worker_threads';
import { Matcher } from './matcher.ts';
import { patternPass, scanBuffer, valuePass, type BufferResult } from './scan-buffer.ts';
import type { WorkerJob, WorkerMessage, WorkerReply } from './pool.ts';
import { FileReader } from './file-reader.ts';
import { EARLY_BYTES } from './pool.ts';

let matcher: Matcher | null = null;
/** File jobs read before the matcher came, with their bytes and key-format hits. */
let parked: { id: number; buf: Uint8Array; early: BufferResult }[] = [];
const files = new FileReader(EARLY_BYTES);

function fail(id: number, e: unknown): WorkerReply {
  return { id, ok: false, error: (e as NodeJS.ErrnoException).code ?? 'read failed' };
}

function finish(id: number, buf: Uint8Array, early: BufferResult, m: Matcher): WorkerReply {
  return { id, ok: true, size: buf.length, ...(early.binary ? early : { ...early, hits: valuePass(buf, m) }) };
}

parentPort!.on('message', (msg: WorkerMessage) => {
  if (msg.kind === 'matcher') {
    const m = (matcher = new Matcher(msg.tables));
    for (const p of parked) parentPort!.postMessage(finish(p.id, p.buf, p.early, m));
    parked = [];
    files.release();
    return;
  }
  const job: WorkerJob = msg;
  let buf: Uint8Array;
  try {
    // Once the matcher is here a file is scanned at once, and its buffer reused for the next.
    buf = job.kind === 'bytes' ? job.bytes : matcher ? files.readOnce(job.path) : files.readKept(job.path);
  } catch (e) {
    parentPort!.postMessage(fail(job.id, e));
    return;
  }
  if (matcher) {
    parentPort!.postMessage({ id: job.id, ok: true, size: buf.length, ...scanBuffer(buf, matcher) } satisfies WorkerReply);
    return;
  }
  parked.push({ id: job.id, buf, early: patternPass(buf) });
});
