// Characters that make text lie about itself: terminal control sequences, bidi overrides that
// reorder what is shown, and invisible characters that make two different names look the same.
// The vault refuses them in names; everything printed to a terminal escapes them.

/** C0/C1 controls and DEL (U+0000–U+001F, U+007F–U+009F). */
const CONTROL = '\\u0000-\\u001f\\u007f-\\u009f';
/** Bidi embeddings, overrides, isolates and marks. */
const BIDI = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** Zero-width and other invisible formatting characters. */
const INVISIBLE = '\\u00ad\\u180e\\u200b-\\u200d\\u2060-\\u2064\\ufeff';

/** Matches any control, bidi-control or invisible character. */
export const DECEPTIVE_CHAR = new RegExp(`[${CONTROL}${BIDI}${INVISIBLE}]`, 'u');
const DECEPTIVE_GLOBAL = new RegExp(DECEPTIVE_CHAR.source, 'gu');
/** Same, but lets tab and newline through (for multi-line text such as notes). */
const DECEPTIVE_EXCEPT_LAYOUT = new RegExp(`(?![\\t\\n])${DECEPTIVE_CHAR.source}`, 'gu');

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `\\u{${code.toString(16)}}`;
}

/**
 * Text safe to print on a terminal: every control, bidi-control and invisible character is shown
 * as a visible `\u{…}` escape, so a stored string can neither move the cursor nor pose as other text.
 * `multiline` keeps tabs and newlines (for notes); single-line fields escape them too.
 */
export function terminalSafe(text: string, opts: { multiline?: boolean } = {}): string {
  return text.replace(opts.multiline ? DECEPTIVE_EXCEPT_LAYOUT : DECEPTIVE_GLOBAL, escapeChar);
}

/** True when the text holds a character that `terminalSafe` would escape (tab and newline included). */
export function hasDeceptiveChars(text: string): boolean {
  return DECEPTIVE_CHAR.test(text);
}
