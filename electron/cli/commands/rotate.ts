// keyhold rotate NAME: replace the value; the previous one stays in history with the reason.
import { optString, vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';
import { promptValue, valueFromStdinOrGenerator, valueOptions } from '../secret-input.ts';

export const rotateCommand: Command = {
  name: 'rotate',
  summary: 'Replace the value of a credential, keeping the old one in history',
  usage: 'keyhold rotate NAME [--value-stdin | --generate [--length N --alphabet SET --prefix P]] [--reason TEXT]',
  details: `
The new value comes from standard input, the generator or a hidden prompt. The previous
value stays in history ('keyhold history NAME', 'keyhold get NAME --version N') so a
changeover can finish before the old key is revoked at the provider.`,
  options: {
    ...vaultOption,
    ...valueOptions,
    reason: { type: 'string', valueName: 'TEXT', help: 'why it was rotated (kept in history)' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const early = await valueFromStdinOrGenerator(ctx.opts);
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    const secret = early ?? (await promptValue(meta.name));
    const updated = vault.rotate(meta.id, secret.value, optString(ctx.opts, 'reason') ?? '', ctx.origin);
    const bits = secret.entropyBits === undefined ? '' : `, generated with ${Math.floor(secret.entropyBits)} bits of entropy`;
    ctx.info(`Rotated ${updated.name} to value version ${updated.valueVersion}${bits}; version ${meta.valueVersion} is kept in history.`);
  },
};
