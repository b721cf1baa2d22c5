// Values are text: a string with no exact UTF-8 form (a lone surrogate) is refused, never changed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, errorOf, newVault, tempDir } from './helpers.ts';

describe('values that cannot be stored exactly', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('refuses a lone surrogate in add and rotate, and stores every valid string exactly', async () => {
    const { vault } = await newVault(t.dir);
    for (const bad of ['abc\ud800', '\udc00x', 'x\ud83d']) {
      expect(errorOf(() => vault.add({ name: `k${bad.length}` }, bad, CLI))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/not valid Unicode/) });
    }
    const good = 'emoji 🔑 e\u0301 \u0000 \ufeff';
    vault.add({ name: 'ok' }, good, CLI);
    expect(vault.readValue('ok', 'get', CLI)).toBe(good);
    expect(errorOf(() => vault.rotate('ok', 'z\udfff', 'r', CLI))?.code).toBe('INVALID_INPUT');
    expect(vault.readValue('ok', 'get', CLI)).toBe(good);
    vault.close();
  });
});
