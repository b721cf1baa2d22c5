// Reading a secret or notes from standard input (`--value-stdin`, `--notes-stdin`).
import { KeyholdError } from '../../shared/errors.ts';

/** All of stdin as UTF-8, refusing more than `maxBytes` (without keeping what was read). */
export async function readStdin(maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes) {
      for (const c of chunks) c.fill(0);
      throw new KeyholdError('TOO_LARGE', `The ${what} on standard input is larger than ${maxBytes} bytes.`);
    }
    chunks.push(buf);
  }
  const all = Buffer.concat(chunks);
  try {
    return decodeUtf8(all, `The ${what} on standard input`);
  } finally {
    all.fill(0);
    for (const c of chunks) c.fill(0);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes as UTF-8 text, refusing invalid UTF-8: decoding it leniently would store U+FFFD in
 * place of the bytes and change a binary value without a word. `what` starts the message.
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new KeyholdError(
      'INVALID_INPUT',
      `${what} is not valid UTF-8 text; Keyhold stores values as text, so binary data would be changed. Encode it first (for example with base64) and decode it where it is used.`,
    );
  }
}

/** Drops one trailing newline (`\n` or `\r\n`), as `echo` and editors add one. */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}
