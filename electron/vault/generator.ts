// Secret generator: uniform characters from a CSPRNG (crypto.randomInt rejects biased samples).
import { randomInt } from 'node:crypto';
import { generatorOptionsSchema, type GeneratorAlphabet, type GeneratorOptions } from '../../shared/model.ts';
import { parseInput } from './validate.ts';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
/** Symbols that survive shells and .env files unquoted-ish: no quotes, backslash, backtick or space. */
const SYMBOLS = '!#%&()*+,-./:;<=>?@[]^_{|}~';

export const ALPHABETS: Record<GeneratorAlphabet, string> = {
  hex: '0123456789abcdef',
  base64url: UPPER + LOWER + DIGITS + '-_',
  alphanumeric: UPPER + LOWER + DIGITS,
  symbols: UPPER + LOWER + DIGITS + SYMBOLS,
};

export function generateSecret(opts: GeneratorOptions): { value: string; entropyBits: number } {
  const { length, alphabet, prefix } = parseInput(generatorOptionsSchema, opts, 'generator options');
  const chars = ALPHABETS[alphabet];
  let out = '';
  for (let i = 0; i < length; i++) out += chars[randomInt(chars.length)];
  // The prefix is public (e.g. sk_live_): it adds no entropy.
  return { value: prefix + out, entropyBits: length * Math.log2(chars.length) };
}
