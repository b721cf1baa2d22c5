// The client end of the agent socket, with synchronous requests. CLI commands use the vault
// through the synchronous VaultApi, so a remote vault must answer synchronously too. On Unix the
// connection is made with node:net and then read and written directly on its file descriptor
// (libuv stops reading it first), waiting out EAGAIN with Atomics.wait; where there is no
// descriptor (Windows named pipes) a small worker thread owns the socket and the main thread
// waits on a shared flag for each answer. Loads no vault, SQLite, Argon2 or age code, and no full
// zod (wire.ts): `keyhold get` through the agent loads this on every call. The VaultApi methods
// and their checked results are in remote-vault.ts.
import fs from 'node:fs';
import net from 'node:net';
import type { MessagePort, Worker } from 'node:worker_threads';
import { KeyholdError } from '../../shared/errors.ts';
import type { AgentRequest, VaultMethod } from './protocol.ts';
import {
  MAX_ANSWER_BYTES, PROTOCOL_VERSION, agentStatusSchema, answerSchema, checked, copyResultSchema, encodeFrame, helloResultSchema, type AgentStatus, type ResultSchema,
} from './wire.ts';
import { agentPaths, readToken } from './runtime-dir.ts';

/** Answers wait this long at most: a desktop approval dialog may be waiting for the user. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;
const CONNECT_TIMEOUT_MS = 30_000;
const anyAnswer = checked(answerSchema);
const helloAnswer = checked(helloResultSchema);
const statusAnswer = checked(agentStatusSchema);
const copyAnswer = checked(copyResultSchema);

// Plain CommonJS for `new Worker(code, { eval: true })`: the worker moves bytes, nothing else.
const WORKER_SOURCE = `
const net = require('node:net');
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const { port, flag, socketPath, maxAnswer } = workerData;
let socket = null;
let buffered = Buffer.alloc(0);
let waiting = false;
function reply(message) {
  waiting = false;
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function takeFrame() {
  if (!waiting || buffered.length < 4) return;
  const length = buffered.readUInt32BE(0);
  if (length > maxAnswer) { reply({ error: 'TOO_LARGE' }); socket.destroy(); return; }
  if (buffered.length < 4 + length) return;
  const body = Buffer.from(buffered.subarray(4, 4 + length));
  buffered.fill(0, 0, 4 + length);
  buffered = buffered.subarray(4 + length);
  reply({ body });
}
port.on('message', (m) => {
  if (m.type === 'connect') {
    socket = net.connect(socketPath);
    waiting = true;
    socket.on('connect', () => {
      let inode = 0;
      try { inode = fs.fstatSync(socket._handle.fd).ino; } catch {}
      reply({ connected: true, inode });
    });
    socket.on('data', (d) => { buffered = buffered.length ? Buffer.concat([buffered, d]) : d; takeFrame(); });
    socket.on('error', (e) => { if (waiting) reply({ error: e.code || 'error' }); });
    socket.on('close', () => { if (waiting) reply({ error: 'closed' }); });
  } else if (m.type === 'send') {
    waiting = true;
    socket.write(Buffer.from(m.frame), () => { m.frame.fill(0); });
    takeFrame();
  } else if (m.type === 'close') {
    if (socket) socket.destroy();
    port.close();
  }
});
`;

type WorkerReply = { connected: true; inode: number } | { body: Uint8Array } | { error: string };

/** Sends one frame and returns the body of the answer frame (or an error word). */
interface Transport {
  exchange(frame: Buffer, timeoutMs: number): { body: Buffer } | { error: string };
  close(): void;
}

const pause = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/** Blocking I/O on the connected socket's descriptor; libuv no longer reads it. */
class FdTransport implements Transport {
  readonly #socket: net.Socket;
  readonly #fd: number;

  constructor(socket: net.Socket, fd: number) {
    this.#socket = socket;
    this.#fd = fd;
  }

  exchange(frame: Buffer, timeoutMs: number): { body: Buffer } | { error: string } {
    const deadline = Date.now() + timeoutMs;
    try {
      let sent = 0;
      while (sent < frame.length) {
        const n = this.#io(() => fs.writeSync(this.#fd, frame, sent, frame.length - sent), deadline);
        sent += n;
      }
      const head = this.#readExactly(4, deadline);
      const length = head.readUInt32BE(0);
      if (length > MAX_ANSWER_BYTES) return { error: 'TOO_LARGE' };
      return { body: this.#readExactly(length, deadline) };
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : 'error') };
    }
  }

  close(): void {
    this.#socket.destroy();
  }

  #readExactly(length: number, deadline: number): Buffer {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = this.#io(() => fs.readSync(this.#fd, buf, got, length - got, null), deadline);
      if (n === 0) throw Object.assign(new Error('closed'), { code: 'closed' });
      got += n;
    }
    return buf;
  }

  /** Retries on EAGAIN (the descriptor is non-blocking) until the deadline. */
  #io(op: () => number, deadline: number): number {
    let wait = 0;
    for (;;) {
      try {
        return op();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        if (Date.now() > deadline) throw Object.assign(new Error('timeout'), { code: 'no answer in time' });
        // Fine-grained for the first ~40 ms, which covers an answer that waits on the agent's
        // fsync of the audit entry on a busy disk; then coarser (an approval dialog may be up).
        sleepMs(wait < 200 ? 0.2 : 2);
        wait++;
      }
    }
  }
}

/** Connects; null when nothing listens (no agent, or a stale socket). */
function connectSocket(socketPath: string): Promise<net.Socket | { error: string }> {
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? 'error' }));
  });
}

/** Refusals and failures of the agent itself, as errors the CLI reports. */
function agentGone(why: string): KeyholdError {
  return new KeyholdError('LOCKED', `The agent stopped answering (${why}). Run 'keyhold unlock' again, or set KEYHOLD_NO_AGENT=1.`);
}

/** The worker fallback: the socket lives in a worker thread; each exchange waits on a shared flag. */
/** node:worker_threads, loaded only for this fallback: it costs milliseconds of every start. */
type WorkerThreads = typeof import('node:worker_threads');

class WorkerTransport implements Transport {
  readonly #threads: WorkerThreads;
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));

  constructor(threads: WorkerThreads, socketPath: string) {
    this.#threads = threads;
    const { port1, port2 } = new threads.MessageChannel();
    this.#port = port1;
    this.#worker = new threads.Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag: this.#flag, socketPath, maxAnswer: MAX_ANSWER_BYTES },
      transferList: [port2],
    });
    this.#worker.unref();
  }

  connect(timeoutMs: number): WorkerReply {
    return this.#post({ type: 'connect' }, timeoutMs);
  }

  exchange(frame: Buffer, timeoutMs: number): { body: Buffer } | { error: string } {
    const reply = this.#post({ type: 'send', frame }, timeoutMs);
    if ('body' in reply) return { body: Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength) };
    return 'error' in reply ? reply : { error: 'unexpected reply' };
  }

  close(): void {
    this.#port.postMessage({ type: 'close' });
    void this.#worker.terminate();
  }

  #post(message: object, timeoutMs: number): WorkerReply {
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(message);
    const waited = Atomics.wait(this.#flag, 0, 0, timeoutMs);
    const got = this.#threads.receiveMessageOnPort(this.#port);
    if (!got) return { error: waited === 'timed-out' ? 'no answer in time' : 'no answer' };
    return got.message as WorkerReply;
  }
}

export class AgentConnection {
  readonly #transport: Transport;
  #status: AgentStatus | null = null;
  #closed = false;

  private constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Connects to the agent serving `vaultPath`, if one is listening: null when there is none (no
   * socket or token, or a stale socket). Throws when an agent is there but refuses us.
   */
  static async open(vaultPath: string, env: NodeJS.ProcessEnv): Promise<AgentConnection | null> {
    const paths = agentPaths(vaultPath, env);
    if (process.platform !== 'win32' && !fs.existsSync(paths.socket)) return null;
    const token = readToken(paths.token);
    if (token === null) return null;
    let transport: Transport;
    let inode = 0;
    const socket = await connectSocket(paths.socket);
    if ('error' in socket) return gone(socket.error, paths.socket);
    const handle = (socket as unknown as { _handle?: { fd?: number; readStop?: () => void } })._handle;
    if (handle && typeof handle.fd === 'number' && handle.fd >= 0 && typeof handle.readStop === 'function') {
      // From here on this thread reads the descriptor itself: libuv must not.
      socket.pause();
      handle.readStop();
      inode = fs.fstatSync(handle.fd).ino;
      transport = new FdTransport(socket, handle.fd);
    } else {
      socket.destroy();
      const worker = new WorkerTransport(await import('node:worker_threads'), paths.socket);
      const connected = worker.connect(CONNECT_TIMEOUT_MS);
      if ('error' in connected) {
        worker.close();
        return gone(connected.error, paths.socket);
      }
      if ('inode' in connected) inode = connected.inode;
      transport = worker;
    }
    const conn = new AgentConnection(transport);
    try {
      const hello = conn.request({ type: 'hello', version: PROTOCOL_VERSION, token, client: { pid: process.pid, ...(inode > 0 ? { socketInode: inode } : {}) } }, CONNECT_TIMEOUT_MS);
      conn.#status = conn.#checked(hello, helloAnswer, 'hello').status;
    } catch (e) {
      conn.close();
      throw e;
    }
    return conn;
  }

  /** The agent's status as of the hello. */
  get status(): AgentStatus {
    return this.#status!;
  }

  /** Sends one request and waits for its answer; throws the agent's error as a KeyholdError. */
  request(req: AgentRequest, timeoutMs = ANSWER_TIMEOUT_MS): unknown {
    if (this.#closed) throw agentGone('connection closed');
    const frame = encodeFrame(req);
    let reply: { body: Buffer } | { error: string };
    try {
      reply = this.#transport.exchange(frame, timeoutMs);
    } finally {
      frame.fill(0);
    }
    if ('error' in reply) {
      this.close();
      throw agentGone(reply.error === 'closed' ? 'it closed the connection' : reply.error);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(reply.body.toString('utf8'));
    } catch {
      throw agentGone('malformed answer');
    } finally {
      reply.body.fill(0);
    }
    const answer = anyAnswer.safeParse(raw);
    if (!answer.success) throw agentGone('malformed answer');
    if (!answer.data.ok) {
      const { code, message, ...extra } = answer.data.error;
      throw new KeyholdError(code, message, extra);
    }
    return answer.data.value;
  }

  currentStatus(): AgentStatus {
    return this.#checked(this.request({ type: 'status' }, CONNECT_TIMEOUT_MS), statusAnswer, 'status');
  }

  /**
   * One VaultApi method through the agent, its result checked with `result` (remote-vault.ts
   * passes the protocol's schema; the fast `get` a light one of its own).
   */
  call<T>(method: VaultMethod, args: unknown[], command: string, result: ResultSchema<T>): T {
    return this.#checked(this.request({ type: 'call', method, args: wireArgs(args), command }), result, method);
  }

  /** `get --copy` through the desktop app's clipboard guard: the value stays in the app. */
  copy(ref: string, command: string): { clearsInMs: number } {
    return this.#checked(this.request({ type: 'copy', ref, command }), copyAnswer, 'copy');
  }

  #checked<T>(value: unknown, schema: ResultSchema<T>, what: string): T {
    const r = schema.safeParse(value);
    if (!r.success) throw agentGone(`malformed answer to ${what}`);
    return r.data;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transport.close();
  }
}

/** No agent behind the socket (null), or a clear error when we may not reach it. */
function gone(code: string, socketPath: string): null {
  if (['ENOENT', 'ECONNREFUSED', 'closed'].includes(code)) return null;
  if (code === 'EACCES') throw new KeyholdError('IO', `Cannot reach the agent at ${socketPath}: permission denied.`);
  throw agentGone(code);
}

/** JSON has no `undefined`: trailing ones are dropped (optional arguments), others become null. */
function wireArgs(args: unknown[]): unknown[] {
  const out = [...args];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out.map((a) => (a === undefined ? null : a));
}
