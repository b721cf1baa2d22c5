// Where `run` and `env` get their variables: reference files (--env-file, `-` for stdin) and
// --env VAR=REF, later ones overriding earlier ones.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import { EnvFileError, parseEnvFile, type EnvEntry } from '../../refs/env-file.ts';
import { isReference, parseReference, ReferenceSyntaxError } from '../../refs/reference.ts';
import { UsageError } from '../exit-codes.ts';
import { readStdin } from '../stdin.ts';

/** Reference files are small; anything bigger is a mistake (a binary, a log). */
export const MAX_ENV_FILE = 1024 * 1024;

/** The default reference file, used when no --env-file or --env is given and it exists. */
export const DEFAULT_ENV_FILE = '.env.keyhold';

/** A text file, or stdin for `-`, at most `max` bytes. */
export async function readInput(file: string, max: number, what: string): Promise<string> {
  if (file === '-') return readStdin(max, what);
  const full = path.resolve(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KeyholdError(code === 'ENOENT' ? 'NOT_FOUND' : 'IO', `Cannot read ${full}: ${code === 'ENOENT' ? 'no such file' : code}.`);
  }
  if (!st.isFile()) throw new KeyholdError('IO', `Cannot read ${full}: not a regular file.`);
  if (st.size > max) throw new KeyholdError('TOO_LARGE', `${full} is larger than ${max} bytes: is it the right ${what}?`);
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (e) {
    throw new KeyholdError('IO', `Cannot read ${full}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}

export interface SourcedEntry {
  entry: EnvEntry;
  /** The file it came from (`-` for stdin) or `--env`. */
  source: string;
}

/** All variables from the files and --env pairs, later overriding earlier; in first-seen order. */
export async function loadSources(files: readonly string[], pairs: readonly string[]): Promise<Map<string, SourcedEntry>> {
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('--env-file - (stdin) can be given only once');
  const result = new Map<string, SourcedEntry>();
  for (const file of files) {
    const text = await readInput(file, MAX_ENV_FILE, 'reference file');
    let entries: EnvEntry[];
    try {
      entries = parseEnvFile(text);
    } catch (e) {
      if (e instanceof EnvFileError) throw new KeyholdError('INVALID_INPUT', `${file === '-' ? 'stdin' : file}: ${e.message}`);
      throw e;
    }
    for (const entry of entries) result.set(entry.variable, { entry, source: file });
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const variable = eq < 0 ? '' : pair.slice(0, eq);
    const ref = eq < 0 ? '' : pair.slice(eq + 1);
    if (!/^[\w.-]+$/.test(variable)) throw new UsageError(`--env takes VAR=keyhold:NAME (a variable name of letters, digits, _ . -), e.g. --env STRIPE_KEY=keyhold:stripe/prod`);
    if (!isReference(ref)) throw new UsageError(`--env ${variable}=...: the value must be a reference such as keyhold:stripe/prod (set plain values in the environment)`);
    try {
      result.set(variable, { entry: { variable, kind: 'reference', reference: parseReference(ref) }, source: '--env' });
    } catch (e) {
      if (e instanceof ReferenceSyntaxError) throw new UsageError(`--env ${variable}: ${e.message}`);
      throw e;
    }
  }
  return result;
}

/** The files to read: those given, else ./.env.keyhold when there are no --env pairs either. */
export function envFilesOrDefault(files: readonly string[], pairs: readonly string[], cwd: string): string[] {
  if (files.length || pairs.length) return [...files];
  if (fs.existsSync(path.join(cwd, DEFAULT_ENV_FILE))) return [DEFAULT_ENV_FILE];
  throw new UsageError(`nothing to resolve: give --env-file FILE or --env VAR=keyhold:NAME (or create ${DEFAULT_ENV_FILE} here)`);
}
