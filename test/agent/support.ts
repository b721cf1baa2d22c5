// Helpers for agent tests: a private runtime folder, and a raw protocol client that can send
// anything (well-formed or not) and read the agent's answers frame by frame.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROTOCOL_VERSION, encodeFrame } from '../../electron/agent/protocol.ts';

/** A fresh 0700 folder to use as XDG_RUNTIME_DIR (short path: socket paths are limited to ~100 bytes). */
export function runtimeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-rt-'));
  fs.chmodSync(dir, 0o700);
  return dir;
}

export class RawClient {
  readonly socket: net.Socket;
  #buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (d) => {
      this.#buffer = Buffer.concat([this.#buffer, d]);
      this.#wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(socketPath: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(socketPath);
      s.once('connect', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** The inode of our end, as the real client reports it. */
  get inode(): number {
    return fs.fstatSync((this.socket as unknown as { _handle: { fd: number } })._handle.fd).ino;
  }

  send(message: unknown): void {
    this.socket.write(encodeFrame(message));
  }

  hello(token: string, extra: Record<string, unknown> = {}): void {
    this.send({ type: 'hello', version: PROTOCOL_VERSION, token, client: { pid: process.pid, socketInode: this.inode }, ...extra });
  }

  /** The next answer, or null when the agent closed the connection first. */
  async answer(timeoutMs = 30_000): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } } | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#buffer.length >= 4) {
        const n = this.#buffer.readUInt32BE(0);
        if (this.#buffer.length >= 4 + n) {
          const body = this.#buffer.subarray(4, 4 + n).toString('utf8');
          this.#buffer = this.#buffer.subarray(4 + n);
          return JSON.parse(body) as { ok: boolean };
        }
      }
      if (this.closed) return null;
      if (Date.now() > deadline) throw new Error('no answer in time');
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** Resolves once the agent has closed the connection. */
  async closedByAgent(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }
}
