import { describe, expect, it } from 'vitest';
import { hasDeceptiveChars, terminalSafe } from '../shared/text.ts';

describe('terminalSafe', () => {
  it('escapes terminal controls, bidi overrides and invisible characters', () => {
    expect(terminalSafe('from: \u001b[2K\ralice\u202e\u200b')).toBe('from: \\u{1b}[2K\\u{d}alice\\u{202e}\\u{200b}');
    expect(terminalSafe('a\u009bb\u2066c\ufeff')).toBe('a\\u{9b}b\\u{2066}c\\u{feff}');
  });
  it('keeps ordinary text, and tabs and newlines only when multi-line', () => {
    expect(terminalSafe('stripe/prod é 鍵')).toBe('stripe/prod é 鍵');
    expect(terminalSafe('a\tb\nc')).toBe('a\\u{9}b\\u{a}c');
    expect(terminalSafe('a\tb\nc\u001b', { multiline: true })).toBe('a\tb\nc\\u{1b}');
  });
  it('detects deceptive characters', () => {
    expect(hasDeceptiveChars('stripe/prod')).toBe(false);
    expect(hasDeceptiveChars('stripe/prod\u200b')).toBe(true);
    expect(hasDeceptiveChars('a\u202eb')).toBe(true);
  });
});
