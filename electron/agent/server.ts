// The agent's socket server: framing, limits, the hello handshake and dispatch to a backend (the
// CLI-only agent's vault, or the desktop app's service). Plain Node; no vault code here.
// A bad message gets an error answer and, when the framing can no longer be trusted, the
// connection is closed; nothing a client sends can throw out of this module.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { KeyholdError, isKeyholdError, type KeyholdErrorData } from '../../shared/errors.ts';
import type { OriginInfo, ProcessInfo } from '../../shared/model.ts';
import { identifyPeer, terminalSession } from './peer.ts';
import {
  FrameReader, FrameTooLarge, MAX_REQUEST_BYTES, PROTOCOL_VERSION, encodeFrame, requestSchema,
  type AgentAnswer, type AgentStatus, type VaultMethod,
} from './protocol.ts';
import { ensurePrivateDir, writeToken, type AgentPaths } from './runtime-dir.ts';

/** The process behind one connection, identified at hello. */
export interface AgentPeer {
  process: ProcessInfo;
  /** Its terminal session (Linux, see terminalSession), for "allow for this terminal session". */
  terminal: string | null;
}

/** What serves the requests: the vault operations and locking. Throws KeyholdError. */
export interface AgentBackend {
  status(): AgentStatus;
  lock(origin: OriginInfo): Promise<void>;
  call(method: VaultMethod, args: unknown[], origin: OriginInfo, peer: AgentPeer): Promise<unknown>;
  copy(ref: string, origin: OriginInfo, peer: AgentPeer): Promise<{ clearsInMs: number }>;
}

export interface AgentLimits {
  /** The hello must arrive this soon after connecting. */
  helloTimeoutMs: number;
  /** A message that has begun must be complete this soon (slow senders are cut off). */
  messageTimeoutMs: number;
  /** A connection with no request for this long is closed. */
  idleConnectionMs: number;
  maxConnections: number;
}

export const DEFAULT_LIMITS: AgentLimits = { helloTimeoutMs: 10_000, messageTimeoutMs: 10_000, idleConnectionMs: 120_000, maxConnections: 32 };

export interface AgentServerOptions {
  paths: AgentPaths;
  backend: AgentBackend;
  limits?: Partial<AgentLimits>;
  /** Tests only: loosen the folder and socket modes to show that the agent's own checks refuse others. */
  unsafeModesForTest?: boolean;
}

const INTERNAL: KeyholdErrorData = { code: 'INTERNAL', message: 'The agent failed to answer. No details are shown because they could contain secrets.' };

function errorData(e: unknown): KeyholdErrorData {
  return isKeyholdError(e) ? e.toData() : INTERNAL;
}

function describeIssues(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.slice(0, 2).map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message)).join('; ');
}

export class AgentServer {
  readonly #opts: AgentServerOptions;
  readonly #limits: AgentLimits;
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | null = null;
  #token = '';

  constructor(opts: AgentServerOptions) {
    this.#opts = opts;
    this.#limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  get socketPath(): string {
    return this.#opts.paths.socket;
  }

  /** Listens on the socket. ALREADY_EXISTS when another agent already serves this vault. */
  async start(): Promise<void> {
    const { dir, socket, token } = this.#opts.paths;
    if (process.platform !== 'win32') {
      ensurePrivateDir(dir);
      if (this.#opts.unsafeModesForTest) fs.chmodSync(dir, 0o755);
      if (await answersOn(socket)) throw new KeyholdError('ALREADY_EXISTS', 'An agent is already serving this vault.');
      fs.rmSync(socket, { force: true }); // a stale socket left by a killed agent
    }
    const server = net.createServer((s) => this.#accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.#server = server;
    if (process.platform !== 'win32') fs.chmodSync(socket, this.#opts.unsafeModesForTest ? 0o666 : 0o600);
    this.#token = writeToken(token);
  }

  /** Stops listening, drops every connection and removes the socket and token (if still ours). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    // end(), not destroy(): an answer being written (to `lock`, say) still reaches its client.
    for (const s of this.#sockets) {
      s.end();
      setTimeout(() => s.destroy(), 1000).unref();
    }
    this.#sockets.clear();
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { socket, token } = this.#opts.paths;
    try {
      if (fs.readFileSync(token, 'utf8') === this.#token) fs.rmSync(token, { force: true });
    } catch {
      // already gone
    }
    if (process.platform !== 'win32') fs.rmSync(socket, { force: true });
  }

  #accept(socket: net.Socket): void {
    if (this.#sockets.size >= this.#limits.maxConnections) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    new Connection(socket, this.#opts.backend, this.#limits, () => this.#token, () => this.#sockets.delete(socket));
  }
}

/** One client connection: hello first, then one request at a time. */
class Connection {
  readonly #socket: net.Socket;
  readonly #backend: AgentBackend;
  readonly #limits: AgentLimits;
  readonly #token: () => string;
  readonly #reader = new FrameReader(MAX_REQUEST_BYTES);
  #peer: AgentPeer | null = null;
  #queue: Promise<void> = Promise.resolve();
  #messageTimer: NodeJS.Timeout | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #closing = false;

  constructor(socket: net.Socket, backend: AgentBackend, limits: AgentLimits, token: () => string, onClose: () => void) {
    this.#socket = socket;
    this.#backend = backend;
    this.#limits = limits;
    this.#token = token;
    this.#armIdle(limits.helloTimeoutMs, 'no hello in time');
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.#clearTimers();
      this.#reader.clear();
      onClose();
    });
  }

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    let frames: Buffer[];
    try {
      frames = this.#reader.push(chunk);
    } catch (e) {
      const message = e instanceof FrameTooLarge ? `Message too large (${e.length} bytes; the limit is ${e.max}).` : 'Malformed message.';
      this.#refuse({ code: 'TOO_LARGE', message });
      return;
    }
    if (frames.length > 0 || !this.#reader.partial) this.#stopMessageTimer();
    if (this.#reader.partial && !this.#messageTimer) {
      this.#messageTimer = setTimeout(() => this.#refuse({ code: 'INVALID_INPUT', message: 'Message incomplete: it did not arrive in time.' }), this.#limits.messageTimeoutMs);
    }
    for (const frame of frames) this.#queue = this.#queue.then(() => this.#handle(frame));
  }

  async #handle(frame: Buffer): Promise<void> {
    if (this.#closing) return;
    if (this.#peer) this.#armIdle(this.#limits.idleConnectionMs, 'idle');
    let raw: unknown;
    try {
      raw = JSON.parse(frame.toString('utf8'));
    } catch {
      this.#answer({ ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed request: not JSON.' } });
      return;
    } finally {
      frame.fill(0);
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
      this.#answer({ ok: false, error: { code: 'INVALID_INPUT', message: `Malformed request: ${describeIssues(parsed.error)}.` } });
      if (!this.#peer) this.#close();
      return;
    }
    const req = parsed.data;
    if (!this.#peer) {
      if (req.type !== 'hello') return this.#refuse({ code: 'INVALID_INPUT', message: 'The first message must be hello.' });
      return this.#hello(req);
    }
    if (req.type === 'hello') return this.#answer({ ok: false, error: { code: 'INVALID_INPUT', message: 'Already said hello.' } });
    const peer = this.#peer;
    try {
      const origin: OriginInfo = { kind: 'agent', command: 'command' in req ? req.command : 'status', process: peer.process };
      let value: unknown;
      if (req.type === 'status') value = this.#backend.status();
      else if (req.type === 'lock') value = await this.#backend.lock(origin).then(() => ({}));
      else if (req.type === 'copy') value = await this.#backend.copy(req.ref, origin, peer);
      else value = await this.#backend.call(req.method, req.args, origin, peer);
      this.#answer(value === undefined ? { ok: true } : { ok: true, value });
    } catch (e) {
      this.#answer({ ok: false, error: errorData(e) });
    }
  }

  #hello(req: { version: number; token: string; client: { pid: number; socketInode?: number | undefined } }): void {
    if (req.version !== PROTOCOL_VERSION) {
      return this.#refuse({ code: 'UNSUPPORTED_VERSION', message: `This agent speaks protocol ${PROTOCOL_VERSION}, the client ${req.version}: use the same Keyhold version for both.` });
    }
    const expected = Buffer.from(this.#token(), 'utf8');
    const given = Buffer.from(req.token, 'utf8');
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
      return this.#refuse({ code: 'LOCKED', message: 'Refused: wrong agent token. The agent serves only its own user.' });
    }
    try {
      const proc = identifyPeer(req.client);
      this.#peer = { process: proc, terminal: terminalSession(proc.pid) };
    } catch (e) {
      return this.#refuse(errorData(e));
    }
    this.#armIdle(this.#limits.idleConnectionMs, 'idle');
    this.#answer({ ok: true, value: { version: PROTOCOL_VERSION, status: this.#backend.status() } });
  }

  #answer(answer: AgentAnswer): void {
    if (this.#closing || this.#socket.destroyed) return;
    if (this.#peer) this.#armIdle(this.#limits.idleConnectionMs, 'idle');
    const frame = encodeFrame(answer);
    this.#socket.write(frame, () => frame.fill(0));
  }

  /** Answers with the error and closes: used when the connection can no longer be trusted. */
  #refuse(error: KeyholdErrorData): void {
    this.#answer({ ok: false, error });
    this.#close();
  }

  #close(): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#clearTimers();
    this.#reader.clear();
    this.#socket.end();
    // A client that never reads would keep the socket half-open.
    setTimeout(() => this.#socket.destroy(), 1000).unref();
  }

  #armIdle(ms: number, why: string): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.#refuse({ code: 'INVALID_INPUT', message: `Connection closed: ${why}.` }), ms);
    this.#idleTimer.unref();
  }

  #stopMessageTimer(): void {
    if (this.#messageTimer) clearTimeout(this.#messageTimer);
    this.#messageTimer = null;
  }

  #clearTimers(): void {
    this.#stopMessageTimer();
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }
}

/** True when something accepts connections on `socket`. */
function answersOn(socket: string): Promise<boolean> {
  if (!fs.existsSync(socket)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const s = net.connect(socket);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
