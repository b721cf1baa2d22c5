// `keyhold export --format kdbx`: the file is opened by Debian's keepassxc-cli with every name,
// value, tag (as group) and note, and round-trips through `keyhold import`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_KDF, makeVault, removeDir, run, type TestVault } from '../cli/helpers.ts';
import { hasKeepassxc, kpx } from './helpers.ts';

const T = 180_000;
const KDBX_PW = 'export password 1';
let tv: TestVault;
let out: string;
let pwFile: string;

beforeAll(async () => {
  tv = await makeVault();
  const add = async (args: string[], value: string) => expect((await tv.kh(['add', ...args, '--value-stdin'], { input: value })).code).toBe(0);
  await add(['stripe/prod', '--tag', 'payments', '--tag', 'live', '--service', 'stripe', '--env', 'prod', '--notes', 'rotate quarterly', '--expires', '2031-01-01'], 'sk_live_1');
  await add(['github/ci'], 'ghp_1');
  expect((await tv.kh(['rotate', 'stripe/prod', '--value-stdin'], { input: 'sk_live_2' })).code).toBe(0);
  expect((await tv.kh(['disable', 'github/ci'])).code).toBe(0);
  await add(['gone'], 'trashed-value');
  expect((await tv.kh(['rm', 'gone'])).code).toBe(0);
  out = path.join(tv.dir, 'out.kdbx');
  pwFile = path.join(tv.dir, 'kdbx-pw');
  fs.writeFileSync(pwFile, KDBX_PW + '\n');
}, T);
afterAll(() => removeDir(tv.dir));

describe.skipIf(!hasKeepassxc())('export --format kdbx', () => {
  it('writes a KDBX 4 Argon2id file (0600) that keepassxc-cli opens with names, values, groups and notes', async () => {
    const r = await tv.kh(['export', '--format', 'kdbx', '-o', out, '--passphrase-file', pwFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/sk_live|ghp_/);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(kpx(['db-info', out], `${KDBX_PW}\n`)).toMatch(/Argon2id/);
    const listing = kpx(['ls', '-R', '-f', out], `${KDBX_PW}\n`);
    expect(listing).toMatch(/^payments\/stripe\/prod$/m);
    expect(listing).toMatch(/^github\/ci$/m);
    expect(listing).not.toMatch(/gone/);
    const stripe = kpx(['show', '-s', '--all', out, 'payments/stripe/prod'], `${KDBX_PW}\n`);
    expect(stripe).toMatch(/^Password: sk_live_2$/m);
    expect(stripe).toMatch(/^Notes: rotate quarterly$/m);
    expect(stripe).toMatch(/^Tags: (payments,live|live,payments)$/m); // keepassxc-cli sorts them
    expect(stripe).toMatch(/^Service: stripe$/m);
    expect(kpx(['show', '-s', '-a', 'Password', out, 'github/ci'], `${KDBX_PW}\n`).trim()).toBe('ghp_1');
    const audit = await tv.kh(['audit', '--json']);
    expect((JSON.parse(audit.stdout) as { action: string }[]).filter((e) => e.action === 'export')).toHaveLength(2);
  }, T);

  it('never replaces an existing file, and refuses without a password source', async () => {
    const r = await tv.kh(['export', '--format', 'kdbx', '-o', out, '--passphrase-file', pwFile]);
    expect(r.code).toBe(6);
    const n = await tv.kh(['export', '--format', 'kdbx', '-o', path.join(tv.dir, 'new.kdbx')]);
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/--passphrase-file/);
    expect(fs.existsSync(path.join(tv.dir, 'new.kdbx'))).toBe(false);
  }, T);

  it('imports back into another vault with values, history, tags and expiry', async () => {
    const other = path.join(tv.dir, 'other.keyhold');
    const env = { ...tv.env, KEYHOLD_VAULT: other };
    expect((await run(['init', ...FAST_KDF], { env })).code).toBe(0);
    const r = await run(['import', out, '--kdbx-password-file', pwFile, '--yes'], { env });
    expect(r.code, r.stderr).toBe(0);
    const show = JSON.parse((await run(['show', 'stripe/prod', '--json'], { env })).stdout) as Record<string, unknown>;
    expect(show.tags).toEqual(['payments', 'live']);
    const original = JSON.parse((await tv.kh(['show', 'stripe/prod', '--json'])).stdout) as Record<string, unknown>;
    expect(show.expiresAt).toBe(original.expiresAt);
    expect(show.expiresAt).toMatch(/^2031-01-01|^2030-12-31/);
    expect(show.valueVersion).toBe(2);
    expect((await run(['get', 'stripe/prod'], { env })).stdout).toBe('sk_live_2');
    expect((await run(['get', 'stripe/prod', '--version', '1'], { env })).stdout).toBe('sk_live_1');
  }, T);
});
