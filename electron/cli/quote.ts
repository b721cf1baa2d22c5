// Names inside commands that Keyhold prints as hints ("run 'keyhold rotate NAME'") must paste
// back into a shell as one word: quoted when needed, and escaped for the terminal.
import { terminalSafe } from '../../shared/text.ts';

const SHELL_PLAIN = /^[A-Za-z0-9_./:@%+=,-]+$/;

/** `stripe/prod` stays as is; `x y` becomes `'x y'`, and `it's` becomes `'it'\''s'`. */
export function shellQuote(word: string): string {
  const shown = terminalSafe(word);
  if (SHELL_PLAIN.test(shown)) return shown;
  return `'${shown.replace(/'/g, `'\\''`)}'`;
}
