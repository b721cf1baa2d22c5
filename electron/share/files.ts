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
  // `-` is standard input (fd 0, left open for the process).
  const stdin = file === '-';
  let fd: number;
  try {
    fd = stdin ? 0 : fs.openSync(file, 'r');
  } catch (e) {
    throw ioError(e, 'read', file);
  }
  try {
    const buf = Buffer.alloc(MAX_BUNDLE_BYTES + 1);
    let n = 0;
    for (;;) {
      let got: number;
      try {
        got = fs.readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        // A non-blocking stdin (a pipe set up by Node) says EAGAIN until data comes: wait and retry.
        if (stdin && (e as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        if (stdin && (e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  } catch (e) {
    throw ioError(e, 'read', file);
  } finally {
    if (!stdin) fs.closeSync(fd);
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
