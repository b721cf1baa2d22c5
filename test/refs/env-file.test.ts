// Reference files go through dotenv's own parser; written files read back exactly with dotenv.parse.
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { EnvFileError, formatEnvFile, formatEnvLine, parseEnvFile } from '../../electron/refs/env-file.ts';
import { formatReference } from '../../electron/refs/reference.ts';

/** Every case the dotenv package documents (README rules, multi-line, comments, export). */
export const DOTENV_DOCUMENTED_CASES = [
  'BASIC=basic',
  '',
  '# previous line intentionally left blank',
  'AFTER_LINE=after_line',
  'EMPTY=',
  "EMPTY_SINGLE_QUOTES=''",
  'EMPTY_DOUBLE_QUOTES=""',
  'EMPTY_BACKTICKS=``',
  "SINGLE_QUOTES='single_quotes'",
  "SINGLE_QUOTES_SPACED='    single quotes    '",
  'DOUBLE_QUOTES="double_quotes"',
  'DOUBLE_QUOTES_SPACED="    double quotes    "',
  `DOUBLE_QUOTES_INSIDE_SINGLE='double "quotes" work inside single quotes'`,
  'DOUBLE_QUOTES_WITH_NO_SPACE_BRACKET="{ port: $MONGOLAB_PORT}"',
  `SINGLE_QUOTES_INSIDE_DOUBLE="single 'quotes' work inside double quotes"`,
  "BACKTICKS_INSIDE_SINGLE='`backticks` work inside single quotes'",
  'BACKTICKS_INSIDE_DOUBLE="`backticks` work inside double quotes"',
  'BACKTICKS=`backticks`',
  'BACKTICKS_SPACED=`    backticks    `',
  'DOUBLE_QUOTES_INSIDE_BACKTICKS=`double "quotes" work inside backticks`',
  "SINGLE_QUOTES_INSIDE_BACKTICKS=`single 'quotes' work inside backticks`",
  `DOUBLE_AND_SINGLE_QUOTES_INSIDE_BACKTICKS=\`double "quotes" and single 'quotes' work inside backticks\``,
  "BACKTICK_KEY=`This has 'single' and \"double\" quotes inside of it.`",
  'EXPAND_NEWLINES="expand\\nnew\\nlines"',
  'DONT_EXPAND_UNQUOTED=dontexpand\\nnewlines',
  "DONT_EXPAND_SQUOTED='dontexpand\\nnewlines'",
  '# COMMENTS=work',
  'INLINE_COMMENTS=inline comments # work #very #well',
  "INLINE_COMMENTS_SINGLE_QUOTES='inline comments outside of #singlequotes' # work",
  'INLINE_COMMENTS_DOUBLE_QUOTES="inline comments outside of #doublequotes" # work',
  'INLINE_COMMENTS_BACKTICKS=`inline comments outside of #backticks` # work',
  'INLINE_COMMENTS_SPACE=inline comments start with a#number sign. no space required.',
  'SECRET_KEY=YOURSECRETKEYGOESHERE # comment',
  'SECRET_HASH="something-with-a-#-hash"',
  'EQUAL_SIGNS=equals==',
  'RETAIN_INNER_QUOTES={"foo": "bar"}',
  `RETAIN_INNER_QUOTES_AS_STRING='{"foo": "bar"}'`,
  "RETAIN_INNER_QUOTES_AS_BACKTICKS=`{\"foo\": \"bar's\"}`",
  'TRIM_SPACE_FROM_UNQUOTED=    some spaced out string',
  'USERNAME=therealnerdybeast@example.tld',
  '    SPACED_KEY = parsed',
  'export EXPORTED=exported',
  'COLON_KEY: colon value',
  'PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----',
  '...',
  'Kh9NV...',
  '...',
  '-----END RSA PRIVATE KEY-----"',
  'PRIVATE_KEY_ESCAPED="-----BEGIN RSA PRIVATE KEY-----\\nKh9NV...\\n-----END RSA PRIVATE KEY-----\\n"',
  "MULTI_SINGLE='line one",
  "line two'",
  'MULTI_BACKTICK=`one',
  'two`',
  'CRLF_VALUE=crlf\r',
  'DUPLICATE=first',
  'DUPLICATE=second',
  'DOLLAR=$HOME ${NOT_EXPANDED}',
].join('\n');

describe('parseEnvFile', () => {
  it('reads every documented dotenv case exactly as dotenv.parse does', () => {
    const expected = dotenv.parse(DOTENV_DOCUMENTED_CASES);
    const entries = parseEnvFile(DOTENV_DOCUMENTED_CASES);
    expect(entries.every((e) => e.kind === 'literal')).toBe(true);
    expect(Object.fromEntries(entries.map((e) => [e.variable, e.kind === 'literal' ? e.value : null]))).toEqual(expected);
    // The documented rules hold in the version we ship.
    expect(expected.TRIM_SPACE_FROM_UNQUOTED).toBe('some spaced out string');
    expect(expected.EXPAND_NEWLINES).toBe('expand\nnew\nlines');
    expect(expected.DONT_EXPAND_SQUOTED).toBe('dontexpand\\nnewlines');
    expect(expected.INLINE_COMMENTS).toBe('inline comments');
    expect(expected.SECRET_HASH).toBe('something-with-a-#-hash');
    expect(expected.EXPORTED).toBe('exported');
    expect(expected.PRIVATE_KEY).toBe('-----BEGIN RSA PRIVATE KEY-----\n...\nKh9NV...\n...\n-----END RSA PRIVATE KEY-----');
    expect(expected.DUPLICATE).toBe('second');
    expect(expected).not.toHaveProperty('COMMENTS');
  });

  it('turns keyhold: values into references wherever dotenv puts the value', () => {
    const text = [
      'PORT=3000',
      'STRIPE=keyhold:stripe/prod',
      'export QUOTED="keyhold:my%20key" # a comment',
      "SERVICE='keyhold:stripe/prod#service'",
      'SPACED =   keyhold:a/b   ',
      'NOT_A_REF=" keyhold:leading-space"',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual([
      { variable: 'PORT', kind: 'literal', value: '3000' },
      { variable: 'STRIPE', kind: 'reference', reference: { name: 'stripe/prod', field: null } },
      { variable: 'QUOTED', kind: 'reference', reference: { name: 'my key', field: null } },
      { variable: 'SERVICE', kind: 'reference', reference: { name: 'stripe/prod', field: 'service' } },
      { variable: 'SPACED', kind: 'reference', reference: { name: 'a/b', field: null } },
      { variable: 'NOT_A_REF', kind: 'literal', value: ' keyhold:leading-space' },
    ]);
  });

  it('names the variable of a malformed reference', () => {
    expect(() => parseEnvFile('OK=1\nBAD="keyhold:x#colour"')).toThrow(EnvFileError);
    expect(() => parseEnvFile('OK=1\nBAD="keyhold:x#colour"')).toThrow(/^BAD: unknown field/);
    expect(() => parseEnvFile('OK=1\nBAD=keyhold:50%off')).toThrow(/^BAD: a % in a credential name/);
  });

  it('refuses an unquoted #FIELD, which dotenv would read as a comment', () => {
    expect(() => parseEnvFile('OK=1\r\n  export SVC = keyhold:stripe/prod#service\r\n')).toThrow(/^SVC: put a reference with #FIELD in quotes/);
    expect(parseEnvFile('SVC="keyhold:stripe/prod#service"')).toEqual([
      { variable: 'SVC', kind: 'reference', reference: { name: 'stripe/prod', field: 'service' } },
    ]);
    // With a space before it, # is an ordinary comment.
    expect(parseEnvFile('A=keyhold:x #service')).toEqual([{ variable: 'A', kind: 'reference', reference: { name: 'x', field: null } }]);
  });
});

describe('formatEnvLine / formatEnvFile', () => {
  const hard = [
    '', 'plain', '  spaced  ', 'with # hash', '#start', 'it\'s', 'say "hi"', 'back`tick', `all ' " \``,
    'line\nbreak', 'crlf\r\nvalue', 'lone\rcr', 'trailing newline\n', '\nleading newline', '$HOME ${X} $(id)',
    'back\\slash\\', 'literal \\n not a newline', 'a=b=c', '{"json": ["x"]}', 'tab\there', 'unicode café 🔑',
    "'quoted'", '"double"', '`back`', 'export X=1', 'K: v',
  ];

  it('writes values that dotenv.parse reads back exactly, one at a time and all together', () => {
    for (const value of hard) {
      const line = formatEnvLine('V', value);
      expect(dotenv.parse(line)).toEqual({ V: value });
    }
    const entries = hard.map((value, i) => ({ variable: `V${i}`, value }));
    const text = formatEnvFile(entries, 'made by keyhold\nsafe to commit');
    expect(dotenv.parse(text)).toEqual(Object.fromEntries(entries.map((e) => [e.variable, e.value])));
    expect(text.startsWith('# made by keyhold\n# safe to commit\n')).toBe(true);
  });

  it('writes references that parse back as references', () => {
    const text = formatEnvFile([
      { variable: 'STRIPE_KEY', value: formatReference('stripe/prod') },
      { variable: 'ODD', value: formatReference('my key #1 100%', 'service') },
      { variable: 'PORT', value: '3000' },
    ]);
    expect(text).toBe("STRIPE_KEY=keyhold:stripe/prod\nODD='keyhold:my%20key%20%231%20100%25#service'\nPORT=3000\n");
    expect(parseEnvFile(text)).toEqual([
      { variable: 'STRIPE_KEY', kind: 'reference', reference: { name: 'stripe/prod', field: null } },
      { variable: 'ODD', kind: 'reference', reference: { name: 'my key #1 100%', field: 'service' } },
      { variable: 'PORT', kind: 'literal', value: '3000' },
    ]);
  });

  it('round-trips random values or refuses them with a clear error', () => {
    const alphabet = ['a', 'Z', '0', ' ', '#', "'", '"', '`', '\n', '\r', '\\', 'n', 'r', '$', '=', '\t', 'é'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const length = next() % 12;
      let value = '';
      for (let j = 0; j < length; j++) value += alphabet[next() % alphabet.length];
      try {
        expect(dotenv.parse(formatEnvLine('K', value))).toEqual({ K: value });
      } catch (error) {
        expect(error).toBeInstanceOf(EnvFileError);
        expect((error as Error).message).toMatch(/^K: this value cannot be written/);
        refused++;
      }
    }
    // Only values dotenv cannot hold at all are refused (all three quote kinds with a line break, ...).
    expect(refused).toBeLessThan(3000 * 0.2);
  });

  it('refuses variable names dotenv would not read', () => {
    expect(() => formatEnvLine('MY VAR', 'x')).toThrow(/letters, digits/);
    expect(() => formatEnvLine('', 'x')).toThrow(EnvFileError);
  });
});
