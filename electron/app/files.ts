// File I/O for share bundles: atomic, private writes and bounded reads. Errors name the file and
// the system error code, never the content.
import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KeyholdError } from '../../shared/errors.ts';

function codeOf(e: unknown): string {
  const c = (e as { code?: unknown }).code;
  return typeof c === 'string' ? c : 'unknown error';
}

/** Writes to a temporary file beside the target (mode 0600), fsyncs, then renames it into place. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    fchmodSync(fd, 0o600); // the umask can't widen it, but be explicit
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing: report the first error
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw new KeyholdError('IO', `Could not save ${path} (${codeOf(e)})`);
  }
}

/** Reads a file of at most maxBytes; TOO_LARGE before reading anything bigger. */
export function readFileLimited(path: string, maxBytes: number): Buffer {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new KeyholdError('IO', `${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof KeyholdError) throw e;
    throw new KeyholdError('IO', `Could not read ${path} (${codeOf(e)})`);
  }
  if (size > maxBytes) throw new KeyholdError('TOO_LARGE', `${basename(path)} is larger than ${Math.round(maxBytes / 1024)} KiB: not a Keyhold share bundle`);
  try {
    const data = readFileSync(path);
    if (data.length > maxBytes) throw new KeyholdError('TOO_LARGE', `${basename(path)} is larger than ${Math.round(maxBytes / 1024)} KiB: not a Keyhold share bundle`);
    return data;
  } catch (e) {
    if (e instanceof KeyholdError) throw e;
    throw new KeyholdError('IO', `Could not read ${path} (${codeOf(e)})`);
  }
}
