// keyhold passwd: change the master password (re-wraps the vault key; records stay as they are).
import { DEFAULT_KDF } from '../../../shared/model.ts';
import { optString, vaultOption, type Command } from '../command.ts';
import { parseKdfOptions } from '../parse.ts';
import { readMasterPassword, readNewPassword } from '../password.ts';
import { openLocked } from '../session.ts';
import { kdfOptions } from './init.ts';

export const passwdCommand: Command = {
  name: 'passwd',
  summary: 'Change the master password',
  usage: 'keyhold passwd [--argon2-memory KiB --argon2-passes N --argon2-parallelism N]',
  details: `
On a terminal, asks for the current password, then the new one twice. Otherwise the current
password comes from KEYHOLD_PASSWORD_FILE or KEYHOLD_PASSWORD_COMMAND and the new one from
the first line of KEYHOLD_NEW_PASSWORD_FILE. The Argon2 options also change the vault's
key-derivation settings (the current ones are kept otherwise).`,
  options: { ...vaultOption, ...kdfOptions },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const kdfValues = { memory: optString(ctx.opts, 'argon2-memory'), passes: optString(ctx.opts, 'argon2-passes'), parallelism: optString(ctx.opts, 'argon2-parallelism') };
    parseKdfOptions(kdfValues, DEFAULT_KDF); // reject bad values before any prompt
    const vault = await openLocked(ctx.vaultPath);
    try {
      const current = await readMasterPassword(ctx.env, 'Current master password: ');
      await vault.unlock(current, ctx.origin);
      const kdf = parseKdfOptions(kdfValues, vault.kdfParams());
      const next = await readNewPassword(ctx.env);
      await vault.changePassword(current, next, ctx.origin, kdf);
    } finally {
      vault.close();
    }
    ctx.info('Master password changed.');
  },
};
