// Passphrase bundles are sealed with age's scrypt recipient. scrypt at work factor 2^18 takes a
// second or more and 256 MiB, on purpose; done on the calling thread it would freeze the Electron
// main process (window, auto-lock and clipboard timers) for that long. So the whole age
// encryption or decryption of a passphrase bundle runs in a short-lived worker thread, and this
// thread keeps serving its event loop. The work factor is checked before the worker starts (age.ts).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type PassphraseJob =
  | { op: 'encrypt'; plaintext: Uint8Array; passphrase: string; logN: number }
  | { op: 'decrypt'; file: Uint8Array; passphrase: string };

/** `loaded: false`: the worker could not load age-encryption, so it did no age work at all. */
type Reply = { ok: true; bytes: Uint8Array } | { ok: false; loaded: boolean; message: string };

/**
 * Plain JavaScript for `new Worker(code, { eval: true })`: no separate file to ship beside the
 * CLI bundle and the app's main bundle. It loads age-encryption from the path this thread resolved,
 * does one job, zeroes its copy of the input and replies once.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ageUrl, job } = workerData;
(async () => {
  const input = job.op === 'encrypt' ? job.plaintext : job.file;
  let age;
  try {
    age = await import(ageUrl);
  } catch (e) {
    input.fill(0);
    parentPort.postMessage({ ok: false, loaded: false, message: String((e && e.message) || e) });
    return;
  }
  try {
    let out;
    if (job.op === 'encrypt') {
      const e = new age.Encrypter();
      e.setScryptWorkFactor(job.logN);
      e.setPassphrase(job.passphrase);
      out = await e.encrypt(input);
    } else {
      const d = new age.Decrypter();
      d.addPassphrase(job.passphrase);
      out = await d.decrypt(input);
    }
    parentPort.postMessage({ ok: true, bytes: out }, [out.buffer]);
  } catch (e) {
    parentPort.postMessage({ ok: false, loaded: true, message: String((e && e.message) || e) });
  } finally {
    input.fill(0);
  }
})();
`;

let ageUrl: string | undefined;
function ageModuleUrl(): string {
  ageUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('age-encryption')).href;
  return ageUrl;
}

/** The worker did not start or could not load age-encryption: no age work was done. */
class WorkerUnavailable extends Error {}

/** The same job on this thread, with the same library (age.ts has checked the work factor already). */
async function runHere(job: PassphraseJob): Promise<Uint8Array> {
  const age = createRequire(import.meta.url)('age-encryption') as typeof import('age-encryption');
  if (job.op === 'encrypt') {
    const e = new age.Encrypter();
    e.setScryptWorkFactor(job.logN);
    e.setPassphrase(job.passphrase);
    return e.encrypt(job.plaintext);
  }
  const d = new age.Decrypter();
  d.addPassphrase(job.passphrase);
  return d.decrypt(job.file);
}

/**
 * Runs one age passphrase job in a worker thread. The input is copied into the worker (the
 * caller's buffer stays the caller's to zero); the result is handed back without a copy. Errors
 * carry age-encryption's message, which age.ts turns into words. Where a worker cannot run at all
 * (a packaged app that cannot load age-encryption into a worker), the job runs on this thread:
 * slower to answer, but the work-factor limit checked before still bounds it.
 */
export async function runPassphraseJob(job: PassphraseJob): Promise<Uint8Array> {
  try {
    return await inWorker(job);
  } catch (e) {
    if (e instanceof WorkerUnavailable) return runHere(job);
    throw e;
  }
}

function inWorker(job: PassphraseJob): Promise<Uint8Array> {
  const input = Uint8Array.from(job.op === 'encrypt' ? job.plaintext : job.file);
  const sent: PassphraseJob = job.op === 'encrypt' ? { ...job, plaintext: input } : { ...job, file: input };
  return new Promise((resolve, reject) => {
    let settled = false;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ageUrl: ageModuleUrl(), job: sent }, transferList: [input.buffer as ArrayBuffer] });
    } catch (e) {
      reject(new WorkerUnavailable(e instanceof Error ? e.message : String(e)));
      return;
    }
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok) resolve(reply.bytes);
      else reject(reply.loaded ? new Error(reply.message) : new WorkerUnavailable(reply.message));
    });
    worker.once('error', (e) => {
      if (settled) return;
      settled = true;
      reject(new WorkerUnavailable(e instanceof Error ? e.message : String(e)));
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new WorkerUnavailable(`the passphrase worker stopped (exit ${code}) before it answered`));
    });
  });
}
