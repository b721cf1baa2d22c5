// Where a secret value comes from: standard input, the generator, or a hidden prompt. Never argv.
import { KeyholdError } from '../../shared/errors.ts';
import { GENERATOR_ALPHABETS, LIMITS, type GeneratorRecipe } from '../../shared/model.ts';
import { generateSecret } from '../vault/generator.ts';
import { optFlag, optString, type OptionSpecs, type OptionValues } from './command.ts';
import { UsageError } from './exit-codes.ts';
import { parseChoice, parseInteger } from './parse.ts';
import { readStdin, stripOneNewline } from './stdin.ts';
import { readHidden, terminal } from './terminal.ts';

export const DEFAULT_LENGTH = 32;
export const DEFAULT_ALPHABET = 'base64url';

export const generatorOptions: OptionSpecs = {
  length: { type: 'string', valueName: 'N', help: `characters to generate, prefix not counted (default ${DEFAULT_LENGTH})` },
  alphabet: { type: 'string', valueName: 'SET', help: `${GENERATOR_ALPHABETS.join(', ')} (default ${DEFAULT_ALPHABET})` },
  prefix: { type: 'string', valueName: 'TEXT', help: 'public prefix such as sk_live_ (adds no entropy)' },
};

export const valueOptions: OptionSpecs = {
  'value-stdin': { type: 'boolean', help: 'read the value from standard input (one trailing newline is removed)' },
  generate: { type: 'boolean', help: 'generate a random value from a CSPRNG' },
  ...generatorOptions,
};

/** The generator settings from the options; those not given come from `base` (a credential's recipe). */
export function generatorFromOptions(opts: OptionValues, base?: GeneratorRecipe | null): GeneratorRecipe {
  const length = optString(opts, 'length');
  const alphabet = optString(opts, 'alphabet');
  return {
    length: length === undefined ? (base?.length ?? DEFAULT_LENGTH) : parseInteger(length, '--length', 8, 1024),
    alphabet: alphabet === undefined ? (base?.alphabet ?? DEFAULT_ALPHABET) : parseChoice(alphabet, GENERATOR_ALPHABETS, '--alphabet'),
    prefix: optString(opts, 'prefix') ?? base?.prefix ?? '',
  };
}

export interface SecretValue {
  value: string;
  /** Set when generated. */
  entropyBits?: number;
  /** The generator settings, when generated: kept with the credential for the next rotation. */
  recipe?: GeneratorRecipe;
}

/**
 * Checks the value options and reads stdin when asked. Call it before unlocking: the stdin
 * read then finishes before a KEYHOLD_PASSWORD_COMMAND (which inherits stdin) runs.
 */
export async function valueFromStdinOrGenerator(opts: OptionValues): Promise<SecretValue | undefined> {
  checkValueOptions(opts);
  if (optFlag(opts, 'generate')) {
    const recipe = generatorFromOptions(opts);
    return { ...generateSecret(recipe), recipe };
  }
  // On a terminal, reading stdin would echo the value: the hidden prompt reads it instead.
  if (optFlag(opts, 'value-stdin') && !process.stdin.isTTY) return { value: checkValue(stripOneNewline(await readStdin(LIMITS.value * 4, 'value'))) };
  return undefined;
}

/** `rotate --generate`: the credential's own recipe, with any generator option given on top. */
export function generateLike(opts: OptionValues, stored: GeneratorRecipe | null | undefined): SecretValue {
  const recipe = generatorFromOptions(opts, stored);
  return { ...generateSecret(recipe), recipe };
}

/** Refuses contradictory value options (both sources, generator options without --generate). */
export function checkValueOptions(opts: OptionValues): void {
  const fromStdin = optFlag(opts, 'value-stdin');
  const generate = optFlag(opts, 'generate');
  if (fromStdin && generate) throw new UsageError('use either --value-stdin or --generate, not both');
  const generatorFlag = ['length', 'alphabet', 'prefix'].find((k) => opts[k] !== undefined);
  if (generatorFlag && !generate) throw new UsageError(`--${generatorFlag} works only with --generate`);
}

/** The hidden prompt, when neither stdin nor the generator was chosen. */
export async function promptValue(label: string): Promise<SecretValue> {
  const term = terminal();
  if (!term) throw new UsageError('no value given: use --value-stdin or --generate (or run in a terminal to type it)');
  return { value: checkValue(await readHidden(term, `Value for ${label} (hidden): `)) };
}

function checkValue(value: string): string {
  if (value === '') throw new KeyholdError('INVALID_INPUT', 'The value is empty.');
  if (value.length > LIMITS.value) throw new KeyholdError('TOO_LARGE', `The value is longer than ${LIMITS.value} characters.`);
  return value;
}

