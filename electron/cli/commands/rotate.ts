// keyhold rotate NAME: replace the value; the previous one stays in history with the reason.
import { optFlag, optString, vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';
import { checkValueOptions, generateLike, promptValue, valueFromStdinOrGenerator, valueOptions } from '../secret-input.ts';

export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'Replace the value of a credential, keeping the old one in history',
  usage: 'keyhold rotate NAME [--value-stdin | --generate [--length N --alphabet SET --prefix P]] [--reason TEXT]',
  details: `
The new value comes from standard input, the generator or a hidden prompt. The previous
value stays in history ('keyhold history NAME', 'keyhold get NAME --version N') so a
changeover can finish before the old key is revoked at the provider.

--generate makes the new value the way the credential's value was generated before (same
prefix, length and alphabet, e.g. sk_live_ + 32 base64url characters); --length, --alphabet
or --prefix change that, and the new settings are remembered for the next rotation.`,
  options: {
    ...vaultOption,
    ...valueOptions,
    reason: { type: 'string', valueName: 'TEXT', help: 'why it was rotated (kept in history)' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const generate = optFlag(ctx.opts, 'generate');
    if (generate) checkValueOptions(ctx.opts);
    const early = generate ? undefined : await valueFromStdinOrGenerator(ctx.opts);
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    // The stored recipe is known only once unlocked: generate again from it, options on top.
    const secret = generate ? generateLike(ctx.opts, meta.generator) : (early ?? (await promptValue(meta.name)));
    const updated = vault.rotate(meta.id, secret.value, optString(ctx.opts, 'reason') ?? '', ctx.origin, secret.recipe);
    const bits = secret.entropyBits === undefined ? '' : `, generated with ${Math.floor(secret.entropyBits)} bits of entropy`;
    ctx.info(`Rotated ${updated.name} to value version ${updated.valueVersion}${bits}; version ${meta.valueVersion} is kept in history.`);
  },
};
