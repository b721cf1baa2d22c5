// Telling the format of an import file from its content (the file name only breaks ties
// between text formats).
import path from 'node:path';
import { isKdbx } from './formats/kdbx.ts';
import { is1pux, isZip } from './formats/onepux.ts';
import { isBitwarden } from './formats/bitwarden.ts';
import { badFile } from './errors.ts';
import type { ImportFormat } from './types.ts';

export function detectFormat(bytes: Uint8Array, file: string): ImportFormat {
  if (isKdbx(bytes)) return 'kdbx';
  if (isZip(bytes)) {
    if (is1pux(bytes)) return '1pux';
    throw badFile(file, 'this zip archive is not a 1Password .1pux export (it has no export.data).');
  }
  if (bytes.includes(0)) throw badFile(file, 'this is a binary file of a kind Keyhold cannot import (KeePass .kdbx, 1Password .1pux, or text: .env, Bitwarden JSON, CSV).');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{')) {
    try {
      if (isBitwarden(JSON.parse(start))) return 'bitwarden';
    } catch {
      if (/"encrypted"\s*:/.test(start.slice(0, 200))) throw badFile(file, 'the Bitwarden JSON is malformed or truncated.');
    }
    throw badFile(file, 'this JSON file is not a Bitwarden export (use --format to say what it is).');
  }
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.csv')) return 'csv';
  if (base.startsWith('.env') || base.endsWith('.env')) return 'dotenv';
  const firstLine = start.split('\n', 1)[0] ?? '';
  if (/^\s*(?:export\s+)?[\w.-]+\s*=/.test(firstLine) || /^#/.test(firstLine)) return 'dotenv';
  if (firstLine.includes(',')) return 'csv';
  throw badFile(file, 'cannot tell its format: use --format dotenv|kdbx|bitwarden|1pux|csv.');
}
