// Reading an import file: its size is checked on the open descriptor before a byte is read.
import fs from 'node:fs';
import { KeyholdError } from '../../shared/errors.ts';
import { MAX_IMPORT_BYTES } from './limits.ts';
import { label } from './errors.ts';

export function readImportFile(file: string, limit = MAX_IMPORT_BYTES): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KeyholdError('NOT_FOUND', `No file at ${label(file)}`);
    if (code === 'EISDIR') throw new KeyholdError('INVALID_INPUT', `${label(file)} is a folder, not a file`);
    throw new KeyholdError('IO', `Cannot read ${label(file)} (${code ?? 'error'}).`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new KeyholdError('INVALID_INPUT', `${label(file)} is a folder, not a file`);
    if (!st.isFile()) throw new KeyholdError('INVALID_INPUT', `${label(file)} is not a regular file`);
    if (st.size > limit) throw new KeyholdError('TOO_LARGE', `${label(file)} is ${(st.size / 1024 / 1024).toFixed(1)} MiB; imports are limited to ${limit / 1024 / 1024} MiB. Nothing was imported.`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = fs.readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    fs.closeSync(fd);
  }
}
