// Entropy of a generated value, computed locally so the form can show it without asking main to
// produce (and send over) a secret. Alphabet sizes match electron/vault/generator.ts.
import type { GeneratorAlphabet } from '../../../shared/model.ts';

export const ALPHABET_SIZES: Record<GeneratorAlphabet, number> = { hex: 16, base64url: 64, alphanumeric: 62, symbols: 89 };
export const ALPHABET_LABELS: Record<GeneratorAlphabet, string> = {
  hex: 'Hex (0-9 a-f)',
  base64url: 'Base64url (A-Z a-z 0-9 - _)',
  alphanumeric: 'Letters and digits',
  symbols: 'Letters, digits and symbols',
};

/** The prefix is public (e.g. sk_live_) and adds nothing. */
export function entropyBits(length: number, alphabet: GeneratorAlphabet): number {
  return Math.floor(length * Math.log2(ALPHABET_SIZES[alphabet]));
}
