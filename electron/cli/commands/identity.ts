// keyhold identity: print this vault's public identity line for teammates, or export its age key.
import path from 'node:path';
import { exportAgeIdentity, getIdentity, writeNewFile } from '../../share/index.ts';
import { jsonOption, optFlag, optString, vaultOption, type Command } from '../command.ts';
import { UsageError } from '../exit-codes.ts';

export const identityCommand: Command = {
  name: 'identity',
  summary: "Print this vault's public identity for teammates, or export its age key",
  usage: 'keyhold identity [--json]\nkeyhold identity --export-age-key FILE',
  details: `
Prints one line (keyhold-id1:age1...:...) on standard output, and its fingerprint on
standard error. A teammate adds the line with 'keyhold contact add NAME LINE'; compare the
fingerprint with them by voice or another channel before trusting it.

--export-age-key writes this vault's secret decryption key as an age identity file
(mode 0600; an existing file is never replaced), so 'age -d -i FILE bundle.age' can open
bundles sent to you without Keyhold. Anyone holding that file can open them too.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    'export-age-key': { type: 'string', valueName: 'FILE', help: "write this vault's age secret key to FILE (mode 0600)" },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const exportTo = optString(ctx.opts, 'export-age-key');
    if (exportTo !== undefined && optFlag(ctx.opts, 'json')) throw new UsageError('--json does not go with --export-age-key');
    if (exportTo === '') throw new UsageError('--export-age-key needs a FILE');
    const vault = await ctx.unlock();
    const env = { now: ctx.now };
    if (exportTo !== undefined) {
      const file = path.resolve(exportTo);
      writeNewFile(file, exportAgeIdentity(vault, ctx.origin, env), 0o600);
      ctx.info(`Wrote this vault's age secret key to ${file} (mode 0600).`);
      ctx.info('Warning: this file opens every bundle sent to this vault, in plain text. Keep it private and delete it when you are done.');
      return;
    }
    const id = getIdentity(vault, env);
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify(id, null, 2) + '\n');
      return;
    }
    ctx.out(id.line + '\n');
    ctx.info(`Fingerprint: ${id.fingerprint}`);
  },
};
