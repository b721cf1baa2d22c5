// keyhold add NAME: store a new credential.
import { KeyholdError } from '../../../shared/errors.ts';
import { credentialNameSchema } from '../../../shared/model.ts';
import { vaultOption, type Command } from '../command.ts';
import { fieldOptions, notesFromStdin, pastExpiryWarning, patchFromOptions } from '../credential-options.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';
import { promptValue, valueFromStdinOrGenerator, valueOptions } from '../secret-input.ts';
import { nameTaken } from '../lookup.ts';

export function checkName(name: string): string {
  const r = credentialNameSchema.safeParse(name);
  if (!r.success) throw new KeyholdError('INVALID_INPUT', `Invalid name: ${r.error.issues[0]?.message ?? 'invalid'}.`);
  return name;
}

export const addCommand: Command = {
  name: 'add',
  summary: 'Store a new credential',
  usage: 'keyhold add NAME [--value-stdin | --generate [--length N --alphabet SET --prefix P]] [fields]',
  details: `
The value comes from standard input (--value-stdin), the generator (--generate) or a hidden
prompt on the terminal; never from the command line. Names may contain '/', like stripe/prod.

Examples:
  keyhold add stripe/prod --generate --prefix sk_live_ --service stripe --env prod --tag payments
  printf %s "$TOKEN" | keyhold add github/ci --value-stdin --expires 2027-06-30 --rotate-every 90`,
  options: { ...vaultOption, ...valueOptions, ...fieldOptions },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const name = checkName(ctx.args[0]!);
    const notes = await notesFromStdin(ctx.opts);
    const early = await valueFromStdinOrGenerator(ctx.opts);
    const fields = patchFromOptions(ctx.opts, ctx.now(), notes);
    const vault = await ctx.unlock();
    if (!early && nameTaken(vault, name)) {
      // Say it before the user types the value in vain.
      throw new KeyholdError('ALREADY_EXISTS', `A credential named ${safe(name)} already exists.`);
    }
    const secret = early ?? (await promptValue(name));
    const meta = vault.add({ ...fields, name, ...(secret.recipe ? { generator: secret.recipe } : {}) }, secret.value, ctx.origin);
    const how = secret.entropyBits === undefined ? '' : ` with a generated value (${Math.floor(secret.entropyBits)} bits of entropy)`;
    const past = pastExpiryWarning(fields, ctx.now());
    if (past) ctx.info(past);
    ctx.info(`Added ${safe(meta.name)}${how}.`);
  },
};
