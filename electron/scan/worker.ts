// A scan worker: holds the needles (passed in memory through workerData, never through a file)
// and scans the files or buffers the pool sends it.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Matcher, type CompiledNeedles } from './matcher.ts';
import { scanBuffer } from './scan-buffer.ts';
import type { WorkerJob, WorkerReply } from './pool.ts';

const needles = workerData as CompiledNeedles & { patterns: boolean };
const matcher = new Matcher(needles);
const lengthOf = (i: number): number => needles.starts[i + 1]! - needles.starts[i]!;

parentPort!.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const buf = job.kind === 'file' ? readFileSync(job.path) : job.bytes;
    reply = { id: job.id, ok: true, size: buf.length, ...scanBuffer(buf, matcher, lengthOf, needles.patterns) };
  } catch (e) {
    reply = { id: job.id, ok: false, error: (e as NodeJS.ErrnoException).code ?? 'read failed' };
  }
  parentPort!.postMessage(reply);
});
