// Writing plaintext that left the vault (inject, export): to stdout for `-` (or no file), else to
// a new file created 0600. An existing file is replaced only with --force, and then atomically
// (a temporary 0600 file renamed over it) so a reader never sees half a file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';

export function writeOutput(file: string | undefined, text: string, force: boolean, out: (text: string) => void): string | null {
  if (file === undefined || file === '-') {
    out(text);
    return null;
  }
  const full = path.resolve(file);
  const bytes = Buffer.from(text, 'utf8');
  try {
    if (!force) {
      if (fs.existsSync(full)) throw new KeyholdError('ALREADY_EXISTS', `${full} already exists: pass --force to replace it.`);
      fs.writeFileSync(full, bytes, { mode: 0o600, flag: 'wx' });
    } else {
      const temp = path.join(path.dirname(full), `.${path.basename(full)}.${crypto.randomBytes(6).toString('hex')}.tmp`);
      try {
        fs.writeFileSync(temp, bytes, { mode: 0o600, flag: 'wx' });
        fs.renameSync(temp, full);
      } finally {
        fs.rmSync(temp, { force: true });
      }
    }
  } catch (e) {
    if (e instanceof KeyholdError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new KeyholdError('ALREADY_EXISTS', `${full} already exists: pass --force to replace it.`);
    throw new KeyholdError('IO', `Cannot write ${full}: ${code ?? 'error'}.`);
  } finally {
    bytes.fill(0);
  }
  return full;
}
