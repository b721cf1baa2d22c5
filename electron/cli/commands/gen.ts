// keyhold gen: print a random value from the CSPRNG; no vault involved.
import { generateSecret } from '../../vault/generator.ts';
import type { Command } from '../command.ts';
import { generatorFromOptions, generatorOptions } from '../secret-input.ts';

export const genCommand: Command = {
  name: 'gen',
  summary: 'Generate a random value (no vault needed)',
  usage: 'keyhold gen [--length N] [--alphabet SET] [--prefix P]',
  details: `
The value goes to standard output (a newline follows only on a terminal); its entropy in
bits goes to standard error. To store a generated value directly: keyhold add NAME --generate.`,
  options: { ...generatorOptions },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const { value, entropyBits } = generateSecret(generatorFromOptions(ctx.opts));
    ctx.out(value + (ctx.stdoutIsTTY ? '\n' : ''));
    ctx.info(`entropy: ${Math.floor(entropyBits)} bits`);
  },
};
