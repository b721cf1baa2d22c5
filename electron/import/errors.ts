// Errors of the import parsers: always about a place in the file, never quoting a value.
import { KeyholdError } from '../../shared/errors.ts';
import { terminalSafe } from '../../shared/text.ts';

export function badFile(file: string, problem: string): KeyholdError {
  return new KeyholdError('INVALID_INPUT', `${terminalSafe(file)}: ${problem} Nothing was imported.`);
}

/** A name, title or label from the file, safe to print and of bounded length. */
export function label(text: string): string {
  const t = terminalSafe(text);
  return t.length > 80 ? `${t.slice(0, 77)}...` : t;
}
