// The Argon2 floor (OWASP: 19 MiB, 2 passes): new vaults and password changes below it need an
// explicit opt-in; vaults made with weaker settings before the floor still open.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Vault } from '../../electron/vault/index.ts';
import { isWeakKdf, MIN_KDF } from '../../shared/model.ts';
import { CLI, LOW_KDF, PASSWORD, newVault, tempDir } from './helpers.ts';

describe('Argon2 floor', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('refuses to create a vault below 19 MiB / 2 passes without the opt-in', async () => {
    expect(MIN_KDF).toEqual({ memoryCost: 19456, timeCost: 2 });
    const path = join(t.dir, 'weak.keyhold');
    for (const kdf of [{ memoryCost: 1024, timeCost: 1, parallelism: 1 }, { memoryCost: 19455, timeCost: 2, parallelism: 1 }, { memoryCost: 65536, timeCost: 1, parallelism: 1 }]) {
      expect(isWeakKdf(kdf)).toBe(true);
      await expect(Vault.create(path, PASSWORD, { kdf })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/19 MiB.*2 passes/) });
      expect(Vault.exists(path)).toBe(false);
    }
    const ok = await Vault.create(path, PASSWORD, { kdf: { memoryCost: 19456, timeCost: 2, parallelism: 1 } });
    ok.close();
  });

  it('refuses a password change to weak settings unless the vault was opened with the opt-in', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.close();
    const strict = Vault.open(path);
    // A vault made with weak settings still opens, and its password can change keeping them.
    await strict.unlock(PASSWORD, CLI);
    await expect(strict.changePassword(PASSWORD, 'second password', CLI, LOW_KDF)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await strict.changePassword(PASSWORD, 'second password', CLI);
    expect(strict.kdfParams()).toEqual(LOW_KDF);
    strict.close();
    const optedIn = Vault.open(path, { allowInsecureKdf: true });
    await optedIn.unlock('second password', CLI);
    await optedIn.changePassword('second password', 'third password', CLI, { ...LOW_KDF, memoryCost: 9216 });
    expect(optedIn.kdfParams().memoryCost).toBe(9216);
    optedIn.close();
  });
});
