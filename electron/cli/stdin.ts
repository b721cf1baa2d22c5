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
  const text = all.toString('utf8');
  all.fill(0);
  for (const c of chunks) c.fill(0);
  return text;
}

/** Drops one trailing newline (`\n` or `\r\n`), as `echo` and editors add one. */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}
