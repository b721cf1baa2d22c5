// The one module that touches window.keyhold. Everything else calls `call()` and gets a plain value
// or a ClientError, so tests (and a future transport) can swap the bridge without touching the UI.
import type { AppEvent, KeyholdBridge, OpInput, OpName, OpOutput } from '../../shared/contract.ts';
import type { ErrorCode } from '../../shared/errors.ts';

declare global {
  interface Window {
    keyhold?: KeyholdBridge;
  }
}

/** An operation's failure as the renderer sees it: a code to branch on and a message to show. */
export class ClientError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

export function isClientError(e: unknown, code?: ErrorCode): e is ClientError {
  return e instanceof ClientError && (code === undefined || e.code === code);
}

/** The message to show for any failure; unexpected ones get a generic line, never details. */
export function errorMessage(e: unknown): string {
  if (e instanceof ClientError) return e.message;
  return 'Something went wrong. Try again; if it keeps happening, restart Keyhold.';
}

function bridge(): KeyholdBridge {
  const b = window.keyhold;
  if (!b) throw new ClientError('INTERNAL', 'Keyhold’s bridge to the main process is missing. Restart the app.');
  return b;
}

/** Runs one operation in main; resolves to its value or rejects with a ClientError. */
export async function call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const fn = bridge()[op] as unknown as (input: OpInput<K>) => ReturnType<KeyholdBridge[K]>;
  let result;
  try {
    result = await fn(input);
  } catch {
    // A transport failure (IPC channel gone): no details, they could echo input.
    throw new ClientError('INTERNAL', 'Lost contact with Keyhold’s main process. Restart the app.');
  }
  if (result.ok) return result.value as OpOutput<K>;
  throw new ClientError(result.error.code, result.error.message, result.error.retryAfterMs);
}

/** Subscribes to main's events (lock, clipboard cleared, ...). Returns the unsubscribe function. */
export function onEvent(listener: (event: AppEvent) => void): () => void {
  return bridge().onEvent(listener);
}
