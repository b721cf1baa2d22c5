// Reference files (`.env.keyhold`): dotenv files whose values are plain text or references.
// Reading goes through the dotenv package's own parser, so quotes, `export `, comments and
// multi-line values mean exactly what dotenv users expect. Writing picks, for each value, a
// spelling that dotenv.parse reads back byte for byte, and checks that it does.
import { createRequire } from 'node:module';
import { isReference, parseReference, ReferenceSyntaxError, type Reference } from './reference.ts';

export type EnvEntry =
  | { variable: string; kind: 'literal'; value: string }
  | { variable: string; kind: 'reference'; reference: Reference };

/** A reference file that cannot be used; the message names the variable, never a value. */
export class EnvFileError extends Error {
  override name = 'EnvFileError';
  readonly variable: string | undefined;
  constructor(message: string, variable?: string) {
    super(message);
    this.variable = variable;
  }
}

/** What dotenv.parse accepts as a variable name. */
const DOTENV_KEY = /^[\w.-]+$/;

let dotenv: typeof import('dotenv') | undefined;
/** Loaded on first use: `keyhold run` without any env file should not pay for it (about 3 ms). */
function dotenvModule(): typeof import('dotenv') {
  dotenv ??= createRequire(import.meta.url)('dotenv') as typeof import('dotenv');
  return dotenv;
}

/** dotenv.parse, as a plain record (its result has a normal prototype; we copy to a null one). */
export function dotenvParse(text: string | Buffer): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, dotenvModule().parse(text));
}

/**
 * Parses a reference file: every value that starts with `keyhold:` is a reference, every other
 * value is literal text. A malformed reference throws EnvFileError naming the variable.
 */
export function parseEnvFile(text: string | Buffer): EnvEntry[] {
  refuseUnquotedFields(text.toString());
  const parsed = dotenvParse(text);
  return Object.entries(parsed).map(([variable, value]): EnvEntry => {
    if (!isReference(value)) return { variable, kind: 'literal', value };
    try {
      return { variable, kind: 'reference', reference: parseReference(value) };
    } catch (error) {
      if (error instanceof ReferenceSyntaxError) throw new EnvFileError(`${variable}: ${error.message}`, variable);
      throw error;
    }
  });
}

/** `VAR=keyhold:NAME#FIELD` without quotes: dotenv reads `#FIELD` as a comment. */
const UNQUOTED_FIELD = /^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*(?:=|:[ \t])[ \t]*keyhold:[^\s#'"`]+#/m;

/**
 * dotenv starts a comment at an unquoted `#`, so an unquoted field reference would silently
 * become a reference to the value. That is never what the writer meant: refuse it.
 */
function refuseUnquotedFields(text: string): void {
  const match = UNQUOTED_FIELD.exec(text.replace(/\r\n?/g, '\n'));
  if (match) {
    const variable = match[1] ?? '';
    throw new EnvFileError(`${variable}: put a reference with #FIELD in quotes (an unquoted # starts a dotenv comment)`, variable);
  }
}

/** The spellings tried for a value, simplest first. */
function candidates(value: string): string[] {
  const list = [value, `'${value}'`, `\`${value}\``];
  // Double quotes turn `\n` and `\r` into line breaks: the only way to carry a carriage return
  // (dotenv turns raw CR and CRLF into LF before parsing).
  if (!/\\[nr]/.test(value)) list.push(`"${value.replace(/\r/g, '\\r')}"`);
  return list;
}

/** One `NAME=value` line (several lines for a multi-line value) that dotenv.parse reads back exactly. */
export function formatEnvLine(variable: string, value: string): string {
  if (!DOTENV_KEY.test(variable)) {
    throw new EnvFileError(`${variable}: a dotenv variable name has only letters, digits, _ . and -`, variable);
  }
  for (const spelling of candidates(value)) {
    const line = `${variable}=${spelling}`;
    const back = dotenvParse(line);
    if (Object.keys(back).length === 1 && back[variable] === value) return line;
  }
  throw new EnvFileError(`${variable}: this value cannot be written so that dotenv reads it back unchanged`, variable);
}

/**
 * A whole dotenv file for these entries (later duplicates win, as in dotenv). Values are literal
 * text; for a reference pass `formatReference(name)`. The result is checked with dotenv.parse.
 */
export function formatEnvFile(entries: readonly { variable: string; value: string }[], header?: string): string {
  const lines = header ? header.split('\n').map((line) => `# ${line}`.trimEnd()) : [];
  for (const { variable, value } of entries) lines.push(formatEnvLine(variable, value));
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  const expected = new Map(entries.map((e) => [e.variable, e.value]));
  const back = dotenvParse(text);
  const same = Object.keys(back).length === expected.size && [...expected].every(([k, v]) => back[k] === v);
  if (!same) throw new EnvFileError('these values cannot be written together so that dotenv reads them back unchanged');
  return text;
}
