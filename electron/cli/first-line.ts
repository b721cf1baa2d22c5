// The first line of a password or passphrase source (KEYHOLD_PASSWORD_FILE, KEYHOLD_NEW_PASSWORD_FILE,
// --passphrase-file, KEYHOLD_PASSWORD_COMMAND's output). Only what is needed is read, never more
// than MAX_FIRST_LINE_BYTES, into a buffer that is zeroed afterwards: the rest of the file (which
// may hold other secrets, or be endless like /dev/zero) is neither read nor kept.
import fs from 'node:fs';
import { KeyholdError } from '../../shared/errors.ts';
import { decodeUtf8 } from './stdin.ts';
import { fileProblem } from '../../shared/file-errors.ts';

/** Longest first line accepted: the longest master password (4096 characters) in 4-byte UTF-8. */
export const MAX_FIRST_LINE_BYTES = 16 * 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;

/** Where the first line of bytes[0..length) ends (before its `\n` or `\r\n`); -1 without a newline. */
function lineEnd(bytes: Buffer, length: number): number {
  const nl = bytes.subarray(0, length).indexOf(NEWLINE);
  if (nl < 0) return -1;
  return nl > 0 && bytes[nl - 1] === CR ? nl - 1 : nl;
}

function tooLong(what: string): KeyholdError {
  return new KeyholdError('TOO_LARGE', `The first line of ${what} is longer than ${MAX_FIRST_LINE_BYTES} bytes: it is not a password.`);
}

/** bytes[0..end) as text, checked before it becomes a string (which cannot be zeroed). */
function decodeLine(bytes: Buffer, end: number, what: string): string {
  if (end === 0) throw new KeyholdError('INVALID_INPUT', `The first line of ${what} is empty.`);
  if (end > MAX_FIRST_LINE_BYTES) throw tooLong(what);
  return decodeUtf8(bytes.subarray(0, end), `The first line of ${what}`);
}

/** The first line of a command's output (all of it if it has no newline); the caller zeroes `out`. */
export function firstLineOfOutput(out: Buffer, what: string): string {
  const end = lineEnd(out, out.length);
  return decodeLine(out, end < 0 ? out.length : end, what);
}

/** `what` names the source in messages, e.g. `KEYHOLD_PASSWORD_FILE (/path)`; never the content. */
export function readFirstLine(file: string, what: string): string {
  const ioError = (e: unknown) => new KeyholdError('IO', `Cannot read ${what}: ${fileProblem((e as NodeJS.ErrnoException).code)}.`);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw ioError(e);
  }
  // +2: room for the `\r\n` after a line of the maximum length.
  const buf = Buffer.alloc(MAX_FIRST_LINE_BYTES + 2);
  try {
    let n = 0;
    let end = -1;
    for (;;) {
      let got: number;
      try {
        got = fs.readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw ioError(e);
      }
      n += got;
      end = lineEnd(buf, n);
      if (end >= 0 || got === 0 || n === buf.length) break;
    }
    // No newline: a one-line file without one is fine, a full buffer is not a password.
    if (end < 0) {
      if (n === buf.length) throw tooLong(what);
      end = n;
    }
    return decodeLine(buf, end, what);
  } finally {
    buf.fill(0);
    fs.closeSync(fd);
  }
}
