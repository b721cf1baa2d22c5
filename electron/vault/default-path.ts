// Where the vault lives when neither --vault nor KEYHOLD_VAULT says otherwise: the folder the
// desktop app gets from Electron's app.getPath('userData') for an app named "Keyhold", so the CLI
// and the app open the same vault. Computed here without Electron so the CLI (plain Node) can use it.
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Keyhold';
export const VAULT_FILE_NAME = 'vault.keyhold';

/** Electron's app.getPath('appData') for this platform (Chromium's rules, not the XDG spec's). */
export function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') {
    return env.APPDATA ? env.APPDATA : path.win32.join(home, 'AppData', 'Roaming');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support');
  // Linux and the other Unixes: Chromium takes XDG_CONFIG_HOME whenever it is set and non-empty.
  return env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
}

/** The desktop app's userData folder: appData + "Keyhold". */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(appDataDir(env, platform, home), APP_DIR_NAME);
}

export function defaultVaultPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(defaultVaultDir(env, platform, home), VAULT_FILE_NAME);
}
