// vault.*: lifecycle (create, unlock, lock, change password) and whole-vault checks.
import type { Handlers } from '../context.ts';

export const vaultHandlers: Handlers<'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.lock' | 'vault.changePassword' | 'vault.kdf' | 'vault.verify'> = {
  'vault.status': (_in, app) => app.status(),
  'vault.create': async (input, app, origin) => {
    await app.createVault(input.password, origin);
    // The sharing identity is made with the vault, so two later first uses can never race.
    app.share.getIdentity(app.vault(), app.shareEnv);
    return app.status();
  },
  'vault.unlock': async (input, app, origin) => {
    await app.unlock(input.password, origin);
    return app.status();
  },
  'vault.lock': async (_in, app, origin) => {
    await app.lock('manual', origin);
    return app.status();
  },
  // The vault locks after a password change (reason 'password-changed'): the user proves the new
  // password once right away, and every window restarts from a clean, locked state.
  'vault.changePassword': async (input, app, origin) => {
    await app.vault().changePassword(input.oldPassword, input.newPassword, origin, input.kdf, { rekey: input.rekey === true });
    await app.lock('password-changed', origin);
    return {};
  },
  'vault.kdf': (_in, app) => app.vault().kdfParams(),
  'vault.verify': (_in, app) => app.vault().verify(),
};
