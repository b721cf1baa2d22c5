// CLI correctness (issue 8, items 17–25): generator recipes kept across rotation, typo
// suggestions, shell-quoted hints, enabling compromised keys, expiry exit codes and local dates,
// negative numbers and durations, password-command timeouts and messages in plain words.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../electron/cli/exit-codes.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import { makeVault, removeDir, run, type TestVault } from './helpers.ts';

let v: TestVault;
beforeAll(async () => {
  v = await makeVault();
});
afterAll(() => removeDir(v.dir));

async function ok(args: string[], input?: string) {
  const r = await v.kh(args, input === undefined ? {} : { input });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

const INTERNAL_WORDS = /SQLITE_|ENOENT|EACCES|EISDIR|Too big|Too small|expected string|is not a whole number|Invalid input/;

describe('rotate --generate reuses the recipe (item 17)', () => {
  it("keeps the README quick start's sk_live_ prefix, length and alphabet, and remembers new options", async () => {
    await ok(['add', 'stripe/prod', '--generate', '--prefix', 'sk_live_', '--length', '40', '--alphabet', 'hex', '--service', 'stripe']);
    const first = (await ok(['get', 'stripe/prod'])).stdout;
    expect(first).toMatch(/^sk_live_[0-9a-f]{40}$/);
    await ok(['rotate', 'stripe/prod', '--generate', '--reason', 'quarterly']);
    const second = (await ok(['get', 'stripe/prod'])).stdout;
    expect(second).toMatch(/^sk_live_[0-9a-f]{40}$/);
    expect(second).not.toBe(first);
    // A changed option replaces only itself, and is kept for the next rotation.
    await ok(['rotate', 'stripe/prod', '--generate', '--length', '50']);
    expect((await ok(['get', 'stripe/prod'])).stdout).toMatch(/^sk_live_[0-9a-f]{50}$/);
    await ok(['rotate', 'stripe/prod', '--generate']);
    expect((await ok(['get', 'stripe/prod'])).stdout).toMatch(/^sk_live_[0-9a-f]{50}$/);
    const meta = JSON.parse((await ok(['show', 'stripe/prod', '--json'])).stdout) as CredentialMeta;
    expect(meta.generator).toEqual({ length: 50, alphabet: 'hex', prefix: 'sk_live_' });
    // A typed value has no recipe: --generate then uses the defaults.
    await ok(['add', 'typed/key', '--value-stdin'], 'typed-value-1');
    await ok(['rotate', 'typed/key', '--generate']);
    expect((await ok(['get', 'typed/key'])).stdout).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('typo suggestions (item 18)', () => {
  it('suggests commands by edit distance with aliases, and never a wrong one', async () => {
    const remove = await run(['remove', 'x']);
    expect(remove.code).toBe(2);
    expect(remove.stderr).toContain("did you mean 'rm'?");
    expect((await run(['list'])).stderr).toContain("did you mean 'ls'?");
    expect((await run(['lsit'])).stderr).toContain("did you mean 'ls'?");
    // Nothing is close enough to a far-off word: no suggestion rather than a wrong one.
    const far = await run(['deploy']);
    expect(far.stderr).toMatch(/unknown command 'deploy'/);
    expect(far.stderr).not.toContain('did you mean');
    expect((await run(['rotaet'])).stderr).toContain("did you mean 'rotate'?");
    expect((await run(['contact', 'remove'])).stderr).toContain("did you mean 'contact rm'?");
  });

  it('suggests options and credential names', async () => {
    const opt = await v.kh(['ls', '--tga', 'x']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toContain('did you mean --tag?');
    await ok(['add', 'github/ci', '--value-stdin'], 'ghp_value');
    const name = await v.kh(['get', 'github/cj']);
    expect(name.code).toBe(EXIT_CODES.NOT_FOUND);
    expect(name.stderr).toContain('Did you mean github/ci?');
    expect(name.stdout).toBe('');
    expect((await v.kh(['get', 'totally-different'])).stderr).not.toContain('Did you mean');
    // show looks in the trash too, and a miss names no place ("… in the trash" would mislead).
    const shown = await v.kh(['show', 'nothing-here']);
    expect(shown.code).toBe(EXIT_CODES.NOT_FOUND);
    expect(shown.stderr.split('\n')[0]).toBe('keyhold: No credential named nothing-here.');
    expect((await v.kh(['show', 'github/cj'])).stderr).toContain('Did you mean github/ci?');
  });
});

describe('printed hints quote names for the shell (item 19)', () => {
  it("prints keyhold restore 'x y' and handles a quote in the name", async () => {
    await ok(['add', 'x y', '--value-stdin'], 'spaced');
    const rm = await ok(['rm', 'x y']);
    expect(rm.stderr).toContain("keyhold restore 'x y'");
    expect(rm.stderr).toContain("keyhold purge 'x y'");
    await ok(['add', "it's", '--value-stdin'], 'quoted');
    const dis = await ok(['disable', "it's"]);
    expect(dis.stderr).toContain(`keyhold enable 'it'\\''s'`);
    expect((await ok(['disable', 'github/ci'])).stderr).toContain('keyhold enable github/ci');
    await ok(['enable', 'github/ci']);
  });
});

describe('enable on a compromised credential (item 20)', () => {
  it('needs --force (with a warning) until the value was rotated', async () => {
    await ok(['add', 'leaky', '--value-stdin'], 'leaked-value');
    await ok(['mark-compromised', 'leaky']);
    const refused = await v.kh(['enable', 'leaky']);
    expect(refused.code).toBe(EXIT_CODES.DISABLED);
    expect(refused.stderr).toMatch(/marked compromised and its value was not rotated since.*keyhold rotate leaky --generate.*--force/);
    expect((JSON.parse((await ok(['show', 'leaky', '--json'])).stdout) as CredentialMeta).status).toBe('compromised');
    const forced = await ok(['enable', 'leaky', '--force']);
    expect(forced.stderr).toMatch(/warning: leaky was marked compromised and still has the same value/);
    await ok(['mark-compromised', 'leaky']);
    await ok(['rotate', 'leaky', '--generate']);
    const after = await ok(['enable', 'leaky']);
    expect(after.stderr).not.toMatch(/still has the same value/);
    expect((JSON.parse((await ok(['show', 'leaky', '--json'])).stdout) as CredentialMeta).status).toBe('active');
  });
});

describe('expiry (items 21, 22)', () => {
  it('get of an expired credential exits 13 and names the date in local time; a past --expires warns', async () => {
    const add = await v.kh(['add', 'old/key', '--value-stdin', '--expires', '2020-03-04T05:06:07Z'], { input: 'old-value', env: { TZ: 'Asia/Tokyo' } });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/warning: --expires 2020-03-04 14:06:07 is in the past/);
    const get = await v.kh(['get', 'old/key'], { env: { TZ: 'Asia/Tokyo' } });
    expect(get.code).toBe(EXIT_CODES.EXPIRED);
    expect(get.code).toBe(13);
    expect(get.stderr).toContain('expired on 2020-03-04 14:06:07');
    expect(get.stderr).not.toContain('2020-03-04T05:06:07');
    expect(get.stdout).toBe('');
    const edit = await v.kh(['edit', 'old/key', '--expires', '2021-01-01']);
    expect(edit.stderr).toMatch(/warning: --expires .* is in the past/);
    expect((await ok(['edit', 'old/key', '--expires', '1y'])).stderr).not.toMatch(/in the past/);
    expect((await ok(['get', 'old/key'])).stdout).toBe('old-value');
  });

  it('says "must be positive" for negative numbers and durations', async () => {
    for (const args of [
      ['add', 'neg', '--generate', '--length', '-5'],
      ['add', 'neg', '--generate', '--expires', '-1d'],
      ['add', 'neg', '--generate', '--rotate-every', '-5'],
      ['add', 'neg', '--generate', '--length=-5'],
      ['audit', '--since', '-7d'],
      ['audit', '--limit', '-1'],
    ]) {
      const r = await v.kh(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/must be positive/);
      expect(r.stderr, args.join(' ')).not.toMatch(/needs a value/);
    }
    const huge = await v.kh(['add', 'neg', '--generate', '--length', '99999999999']);
    expect(huge.stderr).toMatch(/--length: must be between 8 and 1024/);
    expect(huge.stderr).not.toMatch(INTERNAL_WORDS);
  });

  it('takes w and y in every option that takes a duration', async () => {
    await ok(['add', 'dur/key', '--generate', '--expires', '2w', '--rotate-every', '1y']);
    const meta = JSON.parse((await ok(['show', 'dur/key', '--json'])).stdout) as CredentialMeta;
    expect(meta.rotationIntervalDays).toBe(365);
    const weeks = (Date.parse(meta.expiresAt!) - Date.parse(meta.createdAt)) / (7 * 86_400_000);
    expect(weeks).toBeGreaterThan(1.99);
    expect(weeks).toBeLessThan(2.01);
    await ok(['audit', '--since', '1w']);
    await ok(['audit', '--since', '1y']);
    await ok(['edit', 'dur/key', '--rotate-every', '2y']);
  });
});

describe('password sources (item 24)', () => {
  it('stops a KEYHOLD_PASSWORD_COMMAND that hangs, after KEYHOLD_PASSWORD_COMMAND_TIMEOUT seconds', async () => {
    // `sleep` runs as the shell's child: it is stopped too, or it would hold stderr open for 2 minutes.
    const env = { KEYHOLD_PASSWORD_FILE: undefined, KEYHOLD_PASSWORD_COMMAND: 'sleep 120; echo late', KEYHOLD_PASSWORD_COMMAND_TIMEOUT: '1' };
    const r = await v.kh(['ls'], { env });
    expect(r.code).toBe(EXIT_CODES.IO);
    expect(r.stderr).toMatch(/KEYHOLD_PASSWORD_COMMAND gave no password within 1 s and was stopped.*KEYHOLD_PASSWORD_COMMAND_TIMEOUT/);
    const bad = await v.kh(['ls'], { env: { ...env, KEYHOLD_PASSWORD_COMMAND_TIMEOUT: 'soon' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/KEYHOLD_PASSWORD_COMMAND_TIMEOUT must be a whole number of seconds/);
  }, 60_000);

  it('warns when the password file can be read by other users', async () => {
    const shared = path.join(v.dir, 'shared-password');
    fs.copyFileSync(v.passwordFile, shared);
    fs.chmodSync(shared, 0o644);
    const r = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: shared } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: KEYHOLD_PASSWORD_FILE .* can be read by other users.*chmod 600/);
    expect((await v.kh(['ls'])).stderr).not.toMatch(/other users/);
  });

  it('says a missing password file in words', async () => {
    const r = await v.kh(['ls'], { env: { KEYHOLD_PASSWORD_FILE: path.join(v.dir, 'nope') } });
    expect(r.code).toBe(EXIT_CODES.IO);
    expect(r.stderr).toMatch(/no such file or folder/);
    expect(r.stderr).not.toMatch(INTERNAL_WORDS);
  });
});

describe('messages in plain words (item 25)', () => {
  it('explains a too-long name without zod wording', async () => {
    const r = await v.kh(['add', 'n'.repeat(250), '--generate']);
    expect(r.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(r.stderr).toMatch(/at most 200 characters/);
    expect(r.stderr).not.toMatch(INTERNAL_WORDS);
    const service = await v.kh(['add', 'svc/long', '--generate', '--service', 's'.repeat(1500)]);
    expect(service.code).toBe(EXIT_CODES.INVALID_INPUT);
    expect(service.stderr).toMatch(/service: must have at most 1000 characters/);
  });
});
