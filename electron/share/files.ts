// Reading a bundle file without reading more than the limit, and writing new private files
// (bundles, exported age identities) without overwriting anything.
import fs from 'node:fs';
import { KeyholdError } from '../../shared/errors.ts';
import { MAX_BUNDLE_BYTES } from './limits.ts';
import { fileProblem } from '../../shared/file-errors.ts';

function ioError(e: unknown, what: string, file: string): KeyholdError {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOENT') return new KeyholdError('IO', `Cannot ${what} ${file}: no such file or folder.`);
  if (code === 'EEXIST') return new KeyholdError('ALREADY_EXISTS', `${file} already exists: choose another file name (nothing is overwritten).`);
  return new KeyholdError('IO', `Cannot ${what} ${file}: ${fileProblem(code)}.`);
}

/**
 * The file's bytes, but at most MAX_BUNDLE_BYTES + 1 of them: openBundle then refuses an
 * oversized file (TOO_LARGE) without this process ever holding all of it.
 */
export function readBundleFile(file: string): Uint8Array {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw ioError(e, 'read', file);
  }
  try {
    const buf = Buffer.alloc(MAX_BUNDLE_BYTES + 1);
    let n = 0;
    for (;;) {
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } catch (e) {
    throw ioError(e, 'read', file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `file` with `mode` (refusing to replace an existing file) and writes `data` to it. */
export function writeNewFile(file: string, data: Uint8Array | string, mode = 0o600): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', mode);
  } catch (e) {
    throw ioError(e, 'create', file);
  }
  try {
    fs.writeFileSync(fd, data);
    fs.fchmodSync(fd, mode);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw ioError(e, 'write', file);
  }
  fs.closeSync(fd);
}
