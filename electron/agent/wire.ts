// The light half of the agent protocol (protocol.ts re-exports all of it): framing, limits, and
// the schemas of the answers every client reads (hello, status, errors). `keyhold get` through the
// agent (cli/agent-get.ts) loads only this, the client and the runtime folder before it prints,
// and Node's own start-up is most of that command's time, so these schemas use valibot: built
// from small functions, it loads in well under a millisecond where zod/mini takes about 3 ms (and
// full zod several times that). Keep this module free of zod and of the shared model's schemas;
// the requests and the VaultApi methods' results are checked with zod in protocol.ts.
import * as v from 'valibot';
import { ERROR_CODES, type KeyholdErrorData } from '../../shared/errors.ts';

export const PROTOCOL_VERSION = 1;
/** Largest request: a value (64 KiB) and notes (20,000 characters) with room for JSON escaping. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** Largest answer: a listing of 100,000 credentials fits. */
export const MAX_ANSWER_BYTES = 256 * 1024 * 1024;
export const HEADER_BYTES = 4;

export const SERVER_KINDS = ['agent', 'desktop'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

const int = v.pipe(v.number(), v.integer());

export const agentStatusSchema = v.strictObject({
  state: v.picklist(['locked', 'unlocked']),
  server: v.picklist(SERVER_KINDS),
  /** The serving process (agent or desktop app). */
  pid: int,
  vaultPath: v.string(),
  vaultId: v.string(),
  unlockedAt: v.nullable(v.string()),
  /** When the agent locks at the latest (maximum lifetime); null without one. */
  expiresAt: v.nullable(v.string()),
  /** Idle lock after this many seconds without a request; null when off. */
  idleLockSeconds: v.nullable(int),
});
export type AgentStatus = v.InferOutput<typeof agentStatusSchema>;

export const helloResultSchema = v.strictObject({ version: int, status: agentStatusSchema });
export const copyResultSchema = v.strictObject({ clearsInMs: int });

export const errorDataSchema = v.strictObject({
  code: v.picklist(ERROR_CODES),
  message: v.pipe(v.string(), v.maxLength(2000)),
  retryAfterMs: v.optional(v.number()),
  ids: v.optional(v.array(v.string())),
});
/** Every answer: a value (`undefined` results are omitted) or an error as data. */
export const answerSchema = v.union([
  v.strictObject({ ok: v.literal(true), value: v.optional(v.unknown()) }),
  v.strictObject({ ok: v.literal(false), error: errorDataSchema }),
]);
export type AgentAnswer = { ok: true; value?: unknown } | { ok: false; error: KeyholdErrorData };

/** What the client checks an answer's value with: zod schemas have this shape; valibot ones get it from `checked`. */
export interface ResultSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** A valibot schema as a ResultSchema. */
export function checked<S extends v.GenericSchema>(schema: S): ResultSchema<v.InferOutput<S>> {
  return {
    safeParse(value) {
      const r = v.safeParse(schema, value);
      return r.success ? { success: true, data: r.output } : { success: false };
    },
  };
}

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
