// Where a secret value comes from: standard input, the generator, or a hidden prompt. Never argv.
import { KeyholdError } from '../../shared/errors.ts';
import { GENERATOR_ALPHABETS, LIMITS, type GeneratorOptions } from '../../shared/model.ts';
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

export function generatorFromOptions(opts: OptionValues): GeneratorOptions {
  const length = optString(opts, 'length');
  const alphabet = optString(opts, 'alphabet');
  return {
    length: length === undefined ? DEFAULT_LENGTH : parseInteger(length, '--length', 8, 1024),
    alphabet: alphabet === undefined ? DEFAULT_ALPHABET : parseChoice(alphabet, GENERATOR_ALPHABETS, '--alphabet'),
    prefix: optString(opts, 'prefix') ?? '',
  };
}

export interface SecretValue {
  value: string;
  /** Set when generated. */
  entropyBits?: number;
}

/**
 * Checks the value options and reads stdin when asked. Call it before unlocking: the stdin
 * read then finishes before a KEYHOLD_PASSWORD_COMMAND (which inherits stdin) runs.
 */
export async function valueFromStdinOrGenerator(opts: OptionValues): Promise<SecretValue | undefined> {
  const fromStdin = optFlag(opts, 'value-stdin');
  const generate = optFlag(opts, 'generate');
  if (fromStdin && generate) throw new UsageError('use either --value-stdin or --generate, not both');
  const generatorFlag = ['length', 'alphabet', 'prefix'].find((k) => opts[k] !== undefined);
  if (generatorFlag && !generate) throw new UsageError(`--${generatorFlag} works only with --generate`);
  if (generate) return generateSecret(generatorFromOptions(opts));
  // On a terminal, reading stdin would echo the value: the hidden prompt reads it instead.
  if (fromStdin && !process.stdin.isTTY) return { value: checkValue(stripOneNewline(await readStdin(LIMITS.value * 4, 'value'))) };
  return undefined;
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

/** The message that `add --value SECRET` gets. */
export const VALUE_IN_ARGV =
  'secret values are never taken from the command line (shell history and the process list would keep them): ' +
  'use --value-stdin, --generate, or type it at the prompt';
