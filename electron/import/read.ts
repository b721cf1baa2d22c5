// Reading an import file: its size is checked on the open descriptor before a byte is read.
import { KeyholdError } from '../../shared/errors.ts';
import { label } from './errors.ts';
import { detectFormat } from './detect.ts';
import { isKdbx, parseKdbx } from './formats/kdbx.ts';
import { needsPassword, parseBitwarden } from './formats/bitwarden.ts';
import { isZip, parse1pux } from './formats/onepux.ts';
import { parseCsv, type ColumnMap } from './formats/csv.ts';
import { parseDotenv } from './formats/dotenv.ts';
import { badFile } from './errors.ts';
import type { ImportFormat, ParsedFile } from './types.ts';

export { readImportFile } from './file.ts';

export interface ParseOptions {
  format?: ImportFormat;
  /** For KDBX and password-protected Bitwarden files: asked only when needed. */
  password?: (what: string) => Promise<string>;
  /** dotenv name prefix (replaces the folder). */
  prefix?: string;
  csvMap?: ColumnMap;
}

/** The format needs a password before it can be read (KDBX, protected Bitwarden). */
export function passwordNeeded(bytes: Uint8Array, format: ImportFormat): boolean {
  if (format === 'kdbx') return true;
  if (format !== 'bitwarden') return false;
  try {
    return needsPassword(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    return false;
  }
}

function noPassword(): Promise<string> {
  throw new KeyholdError('LOCKED', 'This file is protected by a password and none was given.');
}

/** Parses the bytes of one file; the bytes are zeroed afterwards by the caller. */
export async function parseImport(bytes: Uint8Array, file: string, opts: ParseOptions = {}): Promise<ParsedFile> {
  const format = opts.format ?? detectFormat(bytes, file);
  const ask = opts.password ?? noPassword;
  const text = () => {
    if (bytes.includes(0)) throw badFile(file, `this is a binary file, not ${format === 'csv' ? 'CSV' : format === 'dotenv' ? 'a .env file' : 'JSON'}.`);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  };
  switch (format) {
    case 'kdbx':
      if (!isKdbx(bytes)) throw badFile(file, 'this is not a KeePass database (.kdbx).');
      return parseKdbx(bytes, await ask(`the KeePass database ${label(file)}`), file);
    case '1pux':
      if (!isZip(bytes)) throw badFile(file, 'this is not a 1Password .1pux export (not a zip archive).');
      return parse1pux(bytes, file);
    case 'bitwarden': {
      let json: unknown;
      try {
        json = JSON.parse(text());
      } catch {
        throw badFile(file, 'the Bitwarden JSON is malformed or truncated.');
      }
      return parseBitwarden(json, file, () => ask(`the Bitwarden export ${label(file)}`));
    }
    case 'csv':
      return parseCsv(text(), file, opts.csvMap);
    case 'dotenv':
      return parseDotenv(text(), file, opts.prefix !== undefined ? { prefix: opts.prefix } : {});
  }
}
