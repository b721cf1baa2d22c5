// The one module that touches window.keyhold. Everything else calls `call()` and gets a plain value
// or a ClientError, so tests (and a future transport) can swap the bridge without touching the UI.
import type { AppEvent, KeyholdBridge, OpInput, OpOutput, OpResult, PageOpName } from '../../shared/contract.ts';
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

async function settle<T>(send: () => Promise<OpResult<T>>): Promise<T> {
  let result;
  try {
    result = await send();
  } catch {
    // A transport failure (IPC channel gone): no details, they could echo input.
    throw new ClientError('INTERNAL', 'Lost contact with Keyhold’s main process. Restart the app.');
  }
  if (result.ok) return result.value;
  throw new ClientError(result.error.code, result.error.message, result.error.retryAfterMs);
}

/** Runs one operation in main; resolves to its value or rejects with a ClientError. */
export async function call<K extends PageOpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>> {
  const fn = bridge()[op] as unknown as (input: OpInput<K>) => Promise<OpResult<OpOutput<K>>>;
  return settle(() => fn(input));
}

/** Hands a dropped file to main for import; the preload finds its path, this page never sees it. */
export async function importDroppedFile(file: File): Promise<OpOutput<'import.drop'>> {
  const b = bridge();
  return settle(() => b['import.drop'](file));
}

/** Subscribes to main's events (lock, clipboard cleared, ...). Returns the unsubscribe function. */
export function onEvent(listener: (event: AppEvent) => void): () => void {
  return bridge().onEvent(listener);
}
