// A scan worker: starts before the vault is unlocked (loading code while Argon2 runs), then gets
// the needles in memory by message (never through a file) and scans the files or buffers the
// pool sends it.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Matcher, type CompiledNeedles } from './matcher.ts';
import { scanBuffer } from './scan-buffer.ts';
import type { WorkerJob, WorkerReply } from './pool.ts';

const { patterns } = workerData as { patterns: boolean };
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
    if (!matcher) throw new Error('no needles');
    const buf = job.kind === 'file' ? readFileSync(job.path) : job.bytes;
    reply = { id: job.id, ok: true, size: buf.length, ...scanBuffer(buf, matcher, lengthOf, patterns) };
  } catch (e) {
    reply = { id: job.id, ok: false, error: (e as NodeJS.ErrnoException).code ?? 'read failed' };
  }
  parentPort!.postMessage(reply);
});
