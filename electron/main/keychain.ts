// The Platform keychain with Electron's safeStorage: records sealed by the OS keychain (macOS
// Keychain, Windows DPAPI, libsecret or KWallet on Linux) in files in the app's userData folder.
// Linux's basic_text store seals with a key hard-coded in Chromium: it is reported as such and
// refused here too, so no caller can store a record that only looks protected.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { app, safeStorage } from 'electron';
import type { PlatformKeychain } from '../app/platform.ts';
import { writeFileAtomic } from '../app/files.ts';

const NAME = /^[a-z0-9-]{1,64}$/;

function recordPath(name: string): string {
  if (!NAME.test(name)) throw new Error('Malformed keychain record name');
  return path.join(app.getPath('userData'), `${name}.sealed`);
}

async function backend(): Promise<string> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'unavailable';
  if (process.platform === 'linux') return safeStorage.getSelectedStorageBackend();
  return process.platform === 'darwin' ? 'macos_keychain' : 'windows_dpapi';
}

export function createElectronKeychain(): PlatformKeychain {
  return {
    backend,
    async load(name) {
      let sealed: Buffer;
      try {
        sealed = readFileSync(recordPath(name));
      } catch (e) {
        if ((e as { code?: unknown }).code === 'ENOENT') return null;
        throw e;
      }
      return (await safeStorage.decryptStringAsync(sealed)).result;
    },
    async save(name, text) {
      const which = await backend();
      if (which === 'basic_text' || which === 'unavailable' || which === 'unknown') throw new Error(`No OS keychain to seal with (${which})`);
      const file = recordPath(name);
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileAtomic(file, await safeStorage.encryptStringAsync(text));
    },
  };
}
