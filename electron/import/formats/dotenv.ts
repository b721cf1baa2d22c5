// `.env` files, read with the dotenv package's own parser (through electron/refs): one credential
// per variable, named FOLDER/VAR by default, the environment guessed from the file name and the
// folder as a tag. Lines are located for reports by the variable's first assignment.
import path from 'node:path';
import { LIMITS, type Environment } from '../../../shared/model.ts';
import { dotenvParse } from '../../refs/env-file.ts';
import { isReference } from '../../refs/reference.ts';
import { label } from '../errors.ts';
import type { Left, ParsedEntry, ParsedFile } from '../types.ts';

/** `.env.production` -> prod and so on; null when the name says nothing. */
export function environmentOfFileName(file: string): Environment | null {
  const base = path.basename(file).toLowerCase();
  const suffixes = base.replace(/^\.env\.?/, '').replace(/\.env$/, '').split('.');
  for (const s of suffixes) {
    if (s === 'production' || s === 'prod' || s === 'live') return 'prod';
    if (s === 'staging' || s === 'stage' || s === 'preprod') return 'staging';
    if (s === 'local' || s === 'development' || s === 'dev') return 'dev';
  }
  return null;
}

/** The folder the file is in, as a name prefix and tag (`myapp` for myapp/.env). */
export function folderOf(file: string): string {
  return path.basename(path.dirname(path.resolve(file)));
}

/** Line number of the first assignment of each variable, for reports. */
function lineNumbers(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  text.replace(/\r\n?/g, '\n').split('\n').forEach((line, i) => {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*[=:]/.exec(line);
    if (m && !lines.has(m[1]!)) lines.set(m[1]!, i + 1);
  });
  return lines;
}

export interface DotenvOptions {
  /** Replaces the folder as the name prefix; '' for bare variable names. */
  prefix?: string;
}

export function parseDotenv(text: string, file: string, opts: DotenvOptions = {}): ParsedFile {
  const vars = dotenvParse(text);
  const lines = lineNumbers(text);
  const folder = folderOf(file);
  const prefix = opts.prefix ?? folder;
  const environment = environmentOfFileName(file);
  const entries: ParsedEntry[] = [];
  const skipped: Left[] = [];
  for (const [variable, value] of Object.entries(vars)) {
    const where = `line ${lines.get(variable) ?? '?'} (${label(variable)})`;
    const name = prefix ? `${prefix}/${variable}` : variable;
    if (value === '') {
      skipped.push({ where, name, reason: 'empty value' });
      continue;
    }
    if (isReference(value)) {
      skipped.push({ where, name, reason: 'already a keyhold: reference' });
      continue;
    }
    const entry: ParsedEntry = { name, value, where, variable, tags: folder ? [folder.slice(0, LIMITS.text)] : [] };
    if (environment) entry.environment = environment;
    entries.push(entry);
  }
  return { format: 'dotenv', entries, skipped };
}
