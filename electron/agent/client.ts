// The client end of the agent socket, with synchronous requests. CLI commands use the vault
// through the synchronous VaultApi, so a remote vault must answer synchronously too: a small
// worker thread owns the socket and the main thread waits on a shared flag (Atomics.wait) for
// each answer. Loads no vault, SQLite, Argon2 or age code.
import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { KeyholdError } from '../../shared/errors.ts';
import {
  MAX_ANSWER_BYTES, PROTOCOL_VERSION, RESULT_SCHEMAS, VAULT_METHODS, answerSchema, encodeFrame,
  type AgentRequest, type AgentStatus, type VaultMethod,
} from './protocol.ts';
import { agentPaths, readToken } from './runtime-dir.ts';

/** Answers wait this long at most: a desktop approval dialog may be waiting for the user. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;
const CONNECT_TIMEOUT_MS = 30_000;

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

/** Refusals and failures of the agent itself, as errors the CLI reports. */
function agentGone(why: string): KeyholdError {
  return new KeyholdError('LOCKED', `The agent stopped answering (${why}). Run 'keyhold unlock' again, or set KEYHOLD_NO_AGENT=1.`);
}

export class AgentConnection {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag: Int32Array;
  #status: AgentStatus | null = null;
  #closed = false;

  private constructor(socketPath: string) {
    const { port1, port2 } = new MessageChannel();
    this.#flag = new Int32Array(new SharedArrayBuffer(4));
    this.#port = port1;
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, flag: this.#flag, socketPath, maxAnswer: MAX_ANSWER_BYTES },
      transferList: [port2],
    });
    this.#worker.unref();
  }

  /**
   * Connects to the agent serving `vaultPath`, if one is listening: null when there is none (no
   * socket or token, or a stale socket). Throws when an agent is there but refuses us.
   */
  static open(vaultPath: string, env: NodeJS.ProcessEnv): AgentConnection | null {
    const paths = agentPaths(vaultPath, env);
    if (process.platform !== 'win32' && !fs.existsSync(paths.socket)) return null;
    const token = readToken(paths.token);
    if (token === null) return null;
    const conn = new AgentConnection(paths.socket);
    const connected = conn.#exchange({ type: 'connect' }, CONNECT_TIMEOUT_MS);
    if ('error' in connected) {
      conn.close();
      if (['ENOENT', 'ECONNREFUSED', 'closed'].includes(connected.error)) return null;
      if (connected.error === 'EACCES') throw new KeyholdError('IO', `Cannot reach the agent at ${paths.socket}: permission denied.`);
      throw agentGone(connected.error);
    }
    try {
      const hello = conn.request({ type: 'hello', version: PROTOCOL_VERSION, token, client: { pid: process.pid, ...('inode' in connected && connected.inode > 0 ? { socketInode: connected.inode } : {}) } }, CONNECT_TIMEOUT_MS);
      conn.#status = RESULT_SCHEMAS.hello.parse(hello).status;
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
    let reply: WorkerReply;
    try {
      reply = this.#exchange({ type: 'send', frame }, timeoutMs);
    } finally {
      frame.fill(0);
    }
    if ('error' in reply) throw agentGone(reply.error === 'closed' ? 'it closed the connection' : reply.error);
    if (!('body' in reply)) throw agentGone('unexpected reply');
    const body = Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength);
    let raw: unknown;
    try {
      raw = JSON.parse(body.toString('utf8'));
    } catch {
      throw agentGone('malformed answer');
    } finally {
      body.fill(0);
    }
    const answer = answerSchema.safeParse(raw);
    if (!answer.success) throw agentGone('malformed answer');
    if (!answer.data.ok) {
      const { code, message, ...extra } = answer.data.error;
      throw new KeyholdError(code, message, extra);
    }
    return answer.data.value;
  }

  currentStatus(): AgentStatus {
    return RESULT_SCHEMAS.status.parse(this.request({ type: 'status' }, CONNECT_TIMEOUT_MS));
  }

  /** One VaultApi method through the agent, with its result checked against the protocol. */
  call(method: VaultMethod, args: unknown[], command: string): unknown {
    const value = this.request({ type: 'call', method, args: wireArgs(args), command });
    const r = VAULT_METHODS[method].result.safeParse(value);
    if (!r.success) throw agentGone(`malformed answer to ${method}`);
    return r.data;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.postMessage({ type: 'close' });
    void this.#worker.terminate();
  }

  #exchange(message: object, timeoutMs: number): WorkerReply {
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(message);
    const waited = Atomics.wait(this.#flag, 0, 0, timeoutMs);
    const got = receiveMessageOnPort(this.#port);
    if (!got) {
      this.close();
      throw agentGone(waited === 'timed-out' ? 'no answer in time' : 'no answer');
    }
    return got.message as WorkerReply;
  }
}

/** JSON has no `undefined`: trailing ones are dropped (optional arguments), others become null. */
function wireArgs(args: unknown[]): unknown[] {
  const out = [...args];
  while (out.length > 0 && out[out.length - 1] === undefined) out.pop();
  return out.map((a) => (a === undefined ? null : a));
}
