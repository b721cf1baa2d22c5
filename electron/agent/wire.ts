// The light half of the agent protocol (protocol.ts re-exports all of it): framing, limits, and
// the schemas of the answers every client reads (hello, status, errors). It uses zod/mini, which
// starts in a fraction of the time of full zod, because `keyhold get` through the agent
// (cli/agent-get.ts) loads only this, the client and the runtime folder before it prints: every
// millisecond of module loading is paid on each call. Keep it free of full zod and of the
// shared model's schemas.
import * as z from 'zod/mini';
import { ERROR_CODES, type KeyholdErrorData } from '../../shared/errors.ts';

export const PROTOCOL_VERSION = 1;
/** Largest request: a value (64 KiB) and notes (20,000 characters) with room for JSON escaping. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** Largest answer: a listing of 100,000 credentials fits. */
export const MAX_ANSWER_BYTES = 256 * 1024 * 1024;
export const HEADER_BYTES = 4;

export const SERVER_KINDS = ['agent', 'desktop'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const agentStatusSchema = z.strictObject({
  state: z.enum(['locked', 'unlocked']),
  server: z.enum(SERVER_KINDS),
  /** The serving process (agent or desktop app). */
  pid: z.int(),
  vaultPath: z.string(),
  vaultId: z.string(),
  unlockedAt: z.nullable(z.string()),
  /** When the agent locks at the latest (maximum lifetime); null without one. */
  expiresAt: z.nullable(z.string()),
  /** Idle lock after this many seconds without a request; null when off. */
  idleLockSeconds: z.nullable(z.int()),
});
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const helloResultSchema = z.strictObject({ version: z.int(), status: agentStatusSchema });
export const copyResultSchema = z.strictObject({ clearsInMs: z.int() });

export const errorDataSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().check(z.maxLength(2000)),
  retryAfterMs: z.optional(z.number()),
  ids: z.optional(z.array(z.string())),
});
/** Every answer: a value (`undefined` results are omitted) or an error as data. */
export const answerSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.optional(z.unknown()) }),
  z.strictObject({ ok: z.literal(false), error: errorDataSchema }),
]);
export type AgentAnswer = { ok: true; value?: unknown } | { ok: false; error: KeyholdErrorData };

/** One frame: length prefix and JSON body. */
export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const frame = Buffer.alloc(HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, HEADER_BYTES);
  body.fill(0);
  return frame;
}

/**
 * Accumulates bytes and yields complete frame bodies. Throws TOO_LARGE (from the header alone,
 * before buffering) when a frame announces more than `maxBytes`.
 */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;
  readonly #maxBytes: number;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** True while part of a frame has arrived but not all of it. */
  get partial(): boolean {
    return this.#buffered > 0;
  }

  push(chunk: Buffer): Buffer[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const out: Buffer[] = [];
    for (;;) {
      if (this.#buffered < HEADER_BYTES) break;
      const all = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
      this.#chunks = [all];
      const length = all.readUInt32BE(0);
      if (length > this.#maxBytes) throw new FrameTooLarge(length, this.#maxBytes);
      if (all.length < HEADER_BYTES + length) break;
      out.push(Buffer.from(all.subarray(HEADER_BYTES, HEADER_BYTES + length)));
      const rest = all.subarray(HEADER_BYTES + length);
      this.#chunks = rest.length ? [Buffer.from(rest)] : [];
      this.#buffered = rest.length;
      all.fill(0);
    }
    return out;
  }

  /** Zeroes whatever is buffered (it may hold a value being sent). */
  clear(): void {
    for (const c of this.#chunks) c.fill(0);
    this.#chunks = [];
    this.#buffered = 0;
  }
}

export class FrameTooLarge extends Error {
  readonly length: number;
  readonly max: number;
  constructor(length: number, max: number) {
    super(`message of ${length} bytes is over the limit of ${max} bytes`);
    this.length = length;
    this.max = max;
  }
}
