// keyhold passwd: change the master password (re-wraps the vault key; records stay as they are),
// or with --rekey also draw a new vault key and seal every record again.
import { DEFAULT_KDF, isWeakKdf } from '../../../shared/model.ts';
import { optFlag, vaultOption, type Command } from '../command.ts';
import { checkKdfFloor, parseKdfOptions } from '../parse.ts';
import { readMasterPassword, readNewPassword } from '../password.ts';
import { openLocked, weakKdfWarning } from '../session.ts';
import { kdfOptions, kdfOptionValues } from './init.ts';

export const passwdCommand: Command = {
  name: 'passwd',
  summary: 'Change the master password',
  usage: 'keyhold passwd [--rekey] [--argon2-memory KiB --argon2-passes N --argon2-parallelism N [--insecure-kdf]]',
  details: `
On a terminal, asks for the current password, then the new one twice. Otherwise the current
password comes from KEYHOLD_PASSWORD_FILE or KEYHOLD_PASSWORD_COMMAND and the new one from
the first line of KEYHOLD_NEW_PASSWORD_FILE. The Argon2 options also change the vault's
key-derivation settings (the current ones are kept otherwise); settings below 19 MiB or
2 passes (OWASP's minimum) are refused unless --insecure-kdf is given.

A plain change keeps the vault key: whoever kept a copy of the vault file (or only its
header) from before can still open everything, also what you add later, with the old
password. If the old password may have leaked, use --rekey: a new vault key is drawn and
every record, the audit trail and the indexes are sealed again under it, in one step.
Copies made before stay readable with the old password; nothing written after is.`,
  options: {
    ...vaultOption,
    ...kdfOptions,
    rekey: { type: 'boolean', help: 'also draw a new vault key and seal every record again (use when the old password may have leaked)' },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const kdfValues = kdfOptionValues(ctx.opts);
    const insecure = optFlag(ctx.opts, 'insecure-kdf');
    const rekey = optFlag(ctx.opts, 'rekey');
    // Reject bad values before any prompt (the floor is checked again against the vault's own).
    const typed = parseKdfOptions(kdfValues, DEFAULT_KDF);
    if (typed) checkKdfFloor(typed, insecure);
    const vault = await openLocked(ctx.vaultPath, { allowInsecureKdf: insecure });
    let warning: string | undefined;
    try {
      const current = await readMasterPassword(ctx.env, 'Current master password: ');
      await vault.unlock(current, ctx.origin);
      const kdf = parseKdfOptions(kdfValues, vault.kdfParams());
      warning = kdf ? checkKdfFloor(kdf, insecure) : isWeakKdf(vault.kdfParams()) ? weakKdfWarning(vault.kdfParams()) : undefined;
      const next = await readNewPassword(ctx.env);
      await vault.changePassword(current, next, ctx.origin, kdf, { rekey });
    } finally {
      vault.close();
    }
    if (warning) ctx.info(warning);
    ctx.info(rekey ? 'Master password changed; new vault key drawn and every record sealed again.' : 'Master password changed.');
  },
};
