// keyhold init: create a new vault.
import fs from 'node:fs';
import { KeyholdError } from '../../../shared/errors.ts';
import { DEFAULT_KDF, MIN_KDF } from '../../../shared/model.ts';
import { getIdentity } from '../../share/index.ts';
import { optFlag, optString, vaultOption, type Command, type OptionSpecs, type OptionValues } from '../command.ts';
import { checkKdfFloor, parseKdfOptions } from '../parse.ts';
import { readInitPassword } from '../password.ts';

export const kdfOptions: OptionSpecs = {
  'argon2-memory': { type: 'string', valueName: 'KiB', help: `Argon2id memory in KiB (default ${DEFAULT_KDF.memoryCost} = ${DEFAULT_KDF.memoryCost / 1024} MiB)` },
  'argon2-passes': { type: 'string', valueName: 'N', help: `Argon2id passes (default ${DEFAULT_KDF.timeCost})` },
  'argon2-parallelism': { type: 'string', valueName: 'N', help: `Argon2id lanes (default ${DEFAULT_KDF.parallelism})` },
  'insecure-kdf': { type: 'boolean', help: `accept Argon2 settings below ${MIN_KDF.memoryCost / 1024} MiB / ${MIN_KDF.timeCost} passes (OWASP's minimum; for tests)` },
};

/** The Argon2 options of init and passwd as typed (parsed against a base by parseKdfOptions). */
export function kdfOptionValues(opts: OptionValues): { memory?: string; passes?: string; parallelism?: string } {
  return { memory: optString(opts, 'argon2-memory'), passes: optString(opts, 'argon2-passes'), parallelism: optString(opts, 'argon2-parallelism') };
}

export const initCommand: Command = {
  name: 'init',
  summary: 'Create a new vault',
  usage: 'keyhold init [--vault PATH] [--argon2-memory KiB --argon2-passes N --argon2-parallelism N [--insecure-kdf]]',
  details: `
The master password is asked twice on the terminal, or read from KEYHOLD_PASSWORD_FILE or
KEYHOLD_PASSWORD_COMMAND. It must have at least 8 characters; a long passphrase is best.
The Argon2 options trade unlock time for resistance to guessing: keep the defaults unless
you know why. Settings below 19 MiB or 2 passes (OWASP's minimum) are refused unless
--insecure-kdf is given (tests use it for speed). An existing file is never overwritten.`,
  options: { ...vaultOption, ...kdfOptions },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const { Vault } = await import('../../vault/index.ts');
    const kdf = parseKdfOptions(kdfOptionValues(ctx.opts), DEFAULT_KDF) ?? DEFAULT_KDF;
    const insecure = optFlag(ctx.opts, 'insecure-kdf');
    const weakWarning = checkKdfFloor(kdf, insecure);
    if (Vault.exists(ctx.vaultPath) || fs.existsSync(ctx.vaultPath)) {
      throw new KeyholdError('VAULT_EXISTS', `${ctx.vaultPath} already exists; it was left untouched.`);
    }
    const password = await readInitPassword(ctx.env);
    // The core makes missing parent folders (mode 0700) and never replaces an existing file.
    const vault = await Vault.create(ctx.vaultPath, password, { kdf, origin: ctx.origin, allowInsecureKdf: insecure });
    try {
      // The vault's sharing identity is made with it, so two later first uses can never race.
      getIdentity(vault);
    } finally {
      vault.close();
    }
    if (weakWarning) ctx.info(weakWarning);
    else if (kdf.memoryCost < DEFAULT_KDF.memoryCost || kdf.timeCost < DEFAULT_KDF.timeCost) {
      ctx.info('warning: Argon2 settings below the defaults make the master password cheaper to guess.');
    }
    ctx.info(`Created a vault at ${ctx.vaultPath}.`);
  },
};
