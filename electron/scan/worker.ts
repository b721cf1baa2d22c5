// A scan worker: starts before the vault is unlocked and looks for key formats in files (which
// needs no vault values) while Argon2 runs; then gets the needles in memory by message (never
// through a file) and scans for the stored values.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { Matcher, type CompiledNeedles } from './matcher.ts';
import { scanBuffer } from './scan-buffer.ts';
import type { WorkerJob, WorkerReply } from './pool.ts';

let needles: CompiledNeedles | null = null;
let matcher: Matcher | null = null;
const lengthOf = (i: number): number => needles!.starts[i + 1]! - needles!.starts[i]!;

parentPort!.on('message', (job: WorkerJob | { kind: 'needles'; needles: CompiledNeedles }) => {
  if (job.kind === 'needles') {
    needles = job.needles;
    matcher = new Matcher(needles);
    return;
  }
  let reply: WorkerReply;
  try {
    if (job.mode !== 'patterns' && !matcher) throw new Error('no needles');
    const buf = job.kind === 'file' ? readFileSync(job.path) : job.bytes;
    reply = { id: job.id, ok: true, size: buf.length, ...scanBuffer(buf, job.mode, matcher, lengthOf) };
  } catch (e) {
    reply = { id: job.id, ok: false, error: (e as NodeJS.ErrnoException).code ?? 'read failed' };
  }
  parentPort!.postMessage(reply);
});
