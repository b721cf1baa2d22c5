// The child's stdout and stderr when `keyhold run` masks them: each a connected pair of local
// sockets, one end for the child, the other read by keyhold into 1 MiB buffers of its own (net's
// `onread`), which are used again once everything written from them has gone out. Through the
// pipes Node makes for a child, every 64 KiB read allocates a new buffer, and passing 100 MB
// through keyhold cost about as much again as the child writing it straight to the reader
// (`npm run bench:run`). A stream whose buffers are all still being written stops reading, so a
// slow reader holds the child back instead of its output piling up in memory.
// Node has no socketpair(), so the pairs are made with a listening socket in a private folder
// (0700, removed at once), and each connection proves it is ours with a random nonce before its
// other end is handed to the child; anything else that connects is dropped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const READ_BUFFER_BYTES = 1024 * 1024;
/** Buffers of one stream that may be waiting to be written at once before it stops reading. */
const BUFFERS_PER_STREAM = 8;
const NONCE_BYTES = 16;
/** Connecting two local sockets takes microseconds; this is for a machine in trouble. */
const SETUP_TIMEOUT_MS = 30_000;

/**
 * Receives the bytes read, in order. `chunk` stays valid until `release` is called (once, when
 * nothing refers to it any more), after which its memory is read into again.
 */
export type Deliver = (chunk: Buffer, release: () => void) => void;

export interface OutputSockets {
  /** The ends to give the child as its stdout and stderr (close ours with `releaseChildEnds`). */
  childEnds: [net.Socket, net.Socket];
  /** Closes keyhold's copies of the child's ends, so the streams end when the child's do. */
  releaseChildEnds(): void;
  /** Resolves when each stream has ended (the child and everything it started closed it). */
  ended: Promise<void>;
  /** Closes everything (when the child could not start). */
  destroy(): void;
}

/** The read buffers of one stream; reading pauses while none is free. */
class BufferPool {
  readonly #all: Buffer[] = [];
  readonly #free: Buffer[] = [];
  #reader: net.Socket | null = null;

  attach(reader: net.Socket): void {
    this.#reader = reader;
  }

  /** The buffer for the next read (Node asks right after each read). */
  take(): Buffer {
    const buffer = this.#free.pop() ?? this.#allocate();
    // That was the last one: no further read until a write gives one back.
    if (this.#free.length === 0 && this.#all.length >= BUFFERS_PER_STREAM) this.#reader?.pause();
    return buffer;
  }

  give(buffer: Buffer): void {
    this.#free.push(buffer);
    if (this.#reader?.isPaused()) this.#reader.resume();
  }

  /** They held the child's output before masking. */
  zero(): void {
    for (const b of this.#all) b.fill(0);
  }

  #allocate(): Buffer {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    this.#all.push(buffer);
    return buffer;
  }
}

/** Two streams whose bytes reach `onStdout` / `onStderr` in order. */
export function openOutputSockets(onStdout: Deliver, onStderr: Deliver): Promise<OutputSockets> {
  const dir = process.platform === 'win32' ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-run-'));
  const address = dir ? path.join(dir, 'out.sock') : `\\\\.\\pipe\\keyhold-run-${crypto.randomBytes(12).toString('hex')}`;
  const nonces = [crypto.randomBytes(NONCE_BYTES), crypto.randomBytes(NONCE_BYTES)];
  const readers: net.Socket[] = [];
  const pools = [new BufferPool(), new BufferPool()];
  const childEnds: (net.Socket | undefined)[] = [undefined, undefined];
  const server = net.createServer();
  const cleanUp = () => {
    server.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
  const destroy = () => {
    cleanUp();
    for (const s of [...readers, ...childEnds]) s?.destroy();
    for (const p of pools) p.zero();
  };

  return new Promise<OutputSockets>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('the output sockets did not connect in time')), SETUP_TIMEOUT_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      destroy();
      reject(e);
    };
    const ready = () => {
      if (!childEnds[0] || !childEnds[1]) return;
      clearTimeout(timer);
      cleanUp();
      const ended = Promise.all(readers.map((r, i) => new Promise<void>((done) => r.once('close', () => {
        pools[i]!.zero();
        done();
      })))).then(() => undefined);
      resolve({
        childEnds: [childEnds[0], childEnds[1]],
        releaseChildEnds: () => childEnds.forEach((s) => s?.destroy()),
        ended,
        destroy,
      });
    };
    server.on('connection', (socket) => {
      // The first NONCE_BYTES bytes say which of our readers this is; a stranger is dropped.
      let got = Buffer.alloc(0);
      const onData = (d: Buffer) => {
        got = Buffer.concat([got, d]);
        if (got.length < NONCE_BYTES) return;
        socket.off('data', onData);
        socket.pause();
        const which = nonces.findIndex((n) => got.length === NONCE_BYTES && crypto.timingSafeEqual(n, got));
        if (which < 0 || childEnds[which]) return void socket.destroy();
        childEnds[which] = socket;
        ready();
      };
      socket.on('data', onData);
      socket.on('error', () => undefined);
    });
    server.on('error', fail);
    server.listen(address, () => {
      [onStdout, onStderr].forEach((deliver, i) => {
        const pool = pools[i]!;
        const reader = net.connect({
          path: address,
          onread: {
            buffer: () => pool.take(),
            callback: (n, buf) => {
              const buffer = buf as Buffer;
              let released = false;
              deliver(buffer.subarray(0, n), () => {
                if (released) return;
                released = true;
                pool.give(buffer);
              });
              return true;
            },
          },
        });
        pool.attach(reader);
        reader.on('connect', () => reader.write(nonces[i]!));
        reader.on('error', (e) => {
          if (!childEnds[0] || !childEnds[1]) fail(e);
        });
        readers.push(reader);
      });
    });
  });
}
