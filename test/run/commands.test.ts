// keyhold inject, export and env through the real CLI, and `-` for stdin/stdout in share.
import { spawn } from 'node:child_process';
import dotenv from 'dotenv';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { GITHUB, STRIPE, vaultWithKeys, writeFile } from './support.ts';

let v: TestVault;
beforeAll(async () => {
  v = await vaultWithKeys();
  await v.kh(['add', 'off', '--value-stdin'], { input: 'off-value' });
  await v.kh(['disable', 'off']);
  await v.kh(['add', 'soon', '--value-stdin', '--expires', '5d'], { input: 'soon-value' });
});
afterAll(() => removeDir(v.dir));

describe('keyhold inject', () => {
  it('fills placeholders (values and fields) from a file or stdin, to stdout or a new 0600 file', async () => {
    const template = 'stripe:\n  key: "{{ keyhold:stripe/prod }}"\n  service: {{keyhold:stripe/prod#service}}\ngh: {{ keyhold:github/ci }}\nleft: {{ not a reference }}\n';
    const expected = `stripe:\n  key: "${STRIPE}"\n  service: Stripe\ngh: ${GITHUB}\nleft: {{ not a reference }}\n`;
    const file = writeFile(v, 'config.tpl', template);
    const r = await v.kh(['inject', '-i', file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect((await v.kh(['inject', '-i', '-', '-o', '-'], { input: template })).stdout).toBe(expected);
    const out = path.join(v.dir, 'config.yaml');
    const w = await v.kh(['inject', '-i', file, '-o', out]);
    expect(w.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(expected);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite without --force, and replaces with it', async () => {
    const file = writeFile(v, 'small.tpl', 'k={{ keyhold:stripe/prod }}\n');
    const out = writeFile(v, 'existing.txt', 'keep me');
    const r = await v.kh(['inject', '-i', file, '-o', out]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('already exists: pass --force');
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    expect((await v.kh(['inject', '-i', file, '-o', out, '--force'])).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(`k=${STRIPE}\n`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it('fails the whole run on an unresolved or malformed reference, naming its line, and writes nothing', async () => {
    const out = path.join(v.dir, 'never.txt');
    const missing = writeFile(v, 'missing.tpl', 'a={{ keyhold:stripe/prod }}\n\nb={{ keyhold:nope }}\n');
    const r = await v.kh(['inject', '-i', missing, '-o', out]);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('keyhold: line 3: no credential named nope (keyhold:nope)\n');
    const disabled = writeFile(v, 'disabled.tpl', 'x\n{{ keyhold:off }}\n');
    const d = await v.kh(['inject', '-i', disabled, '-o', out]);
    expect(d.code).toBe(7);
    expect(d.stderr).toBe('keyhold: line 2: off is disabled\n');
    const bad = writeFile(v, 'bad.tpl', '{{ keyhold:stripe/prod#colour }}\n');
    const b = await v.kh(['inject', '-i', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.tpl: line 1: unknown field after #/);
    expect(b.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('keyhold export', () => {
  it('writes dotenv that dotenv.parse reads back exactly, with quotes, #, newlines and $', async () => {
    const tricky = `it's "quoted" # not a comment\nsecond line $HOME \${X} \\n`;
    await v.kh(['add', 'tricky/one', '--value-stdin', '--tag', 'odd'], { input: tricky });
    await v.kh(['add', 'tricky/two', '--value-stdin', '--tag', 'odd'], { input: '  spaced  ' });
    const r = await v.kh(['export', '--tag', 'odd']);
    expect(r.stderr).toBe('');
    expect(dotenv.parse(r.stdout)).toEqual({ TRICKY_ONE: tricky, TRICKY_TWO: '  spaced  ' });
    // A line break with all three quote characters has no dotenv spelling at all: refused, by name.
    await v.kh(['add', 'impossible', '--value-stdin'], { input: 'a\'b"c`d\ne' });
    const refused = await v.kh(['export', 'impossible']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('keyhold: IMPOSSIBLE: this value cannot be written so that dotenv reads it back unchanged (use --format json or shell)\n');
    expect(JSON.parse((await v.kh(['export', '--format', 'json', 'impossible'])).stdout)).toEqual({ IMPOSSIBLE: 'a\'b"c`d\ne' });
  });

  it('exports named credentials as json and shell, to a 0600 file with -o', async () => {
    const json = await v.kh(['export', '--format', 'json', 'stripe/prod', 'github/ci']);
    expect(JSON.parse(json.stdout)).toEqual({ STRIPE_PROD: STRIPE, GITHUB_CI: GITHUB });
    const shell = await v.kh(['export', '--format', 'shell', 'github/ci']);
    const back = await new Promise<string>((resolve) => {
      const c = spawn('bash', ['-c', `${shell.stdout}\nprintf %s "$GITHUB_CI"`]);
      let o = '';
      c.stdout.on('data', (d: Buffer) => (o += d.toString()));
      c.on('close', () => resolve(o));
    });
    expect(back).toBe(GITHUB);
    const out = path.join(v.dir, 'export.env');
    expect((await v.kh(['export', '-o', out, '--env', 'prod'])).code).toBe(0);
    expect(dotenv.parse(fs.readFileSync(out))).toEqual({ STRIPE_PROD: STRIPE });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it('refuses an unusable named credential and leaves unusable ones out of a filter', async () => {
    const r = await v.kh(['export', 'off']);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe('keyhold: off: off is disabled\n');
    const all = await v.kh(['export', '--format', 'json']);
    expect(Object.keys(JSON.parse(all.stdout))).not.toContain('OFF');
    expect(all.stderr).toContain('Left out 1 unusable credential');
  });

  it('records the export in the audit trail without values', async () => {
    await v.kh(['export', 'stripe/prod']);
    const audit = (await v.kh(['audit', '--json', '--action', 'export'])).stdout;
    expect(audit).toContain('STRIPE_PROD=stripe/prod');
    expect(audit).not.toContain(STRIPE);
  });
});

describe('keyhold env', () => {
  it('lists each variable, its reference and state, never a value; exit 0 when all resolve', async () => {
    const file = writeFile(v, 'ok.env', 'PORT=3000\nKEY=keyhold:stripe/prod\nSOON=keyhold:soon\n');
    const r = await v.kh(['env', '--env-file', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^VARIABLE +REFERENCE +STATE\n/);
    expect(r.stdout).toMatch(/PORT +- +plain value\n/);
    expect(r.stdout).toMatch(/KEY +keyhold:stripe\/prod +ok\n/);
    expect(r.stdout).toMatch(/SOON +keyhold:soon +ok, expiring in [45] days\n/);
    expect(r.stdout + r.stderr).not.toContain(STRIPE);
  });

  it('exits non-zero with one line per variable run would refuse', async () => {
    const file = writeFile(v, 'bad.env', 'KEY=keyhold:stripe/prod\nOFF=keyhold:off\nGONE=keyhold:gone-missing\n');
    const r = await v.kh(['env', '--env-file', file, '--json']);
    expect(r.code).toBe(5);
    const rows = JSON.parse(r.stdout) as { variable: string; state: string; ok: boolean }[];
    expect(rows.map((x) => [x.variable, x.state, x.ok])).toEqual([['KEY', 'ok', true], ['OFF', 'disabled', false], ['GONE', 'missing', false]]);
    expect(r.stderr).toBe('keyhold: OFF: off is disabled\nkeyhold: GONE: no credential named gone-missing (keyhold:gone-missing)\n');
    const d = await v.kh(['env', '--env', 'OFF=keyhold:off']);
    expect(d.code).toBe(7);
  });
});

describe('- for stdin and stdout in share', () => {
  it('share create -o - writes the bundle to stdout, share open - reads it from stdin', async () => {
    const other = await makeVault();
    try {
      const pass = writeFile(v, 'passphrase', 'a long shared passphrase here\n');
      const bundle = await new Promise<Buffer>((resolve, reject) => {
        const c = spawn(process.execPath, ['--', BIN, 'share', 'create', 'stripe/prod', '--passphrase-file', pass, '-o', '-'], { env: { PATH: process.env.PATH ?? '', ...v.env }, detached: true });
        const chunks: Buffer[] = [];
        let err = '';
        c.stdout.on('data', (d: Buffer) => chunks.push(d));
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        c.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(err))));
      });
      expect(bundle.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      const opened = await new Promise<string>((resolve) => {
        const c = spawn(process.execPath, ['--', BIN, 'share', 'open', '-', '--passphrase-file', pass, '--json'], { env: { PATH: process.env.PATH ?? '', ...other.env }, detached: true });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        c.on('close', () => resolve(out));
        c.stdin.end(bundle);
      });
      expect(opened).toContain('stripe/prod');
      expect(opened).not.toContain(STRIPE);
    } finally {
      removeDir(other.dir);
    }
  });
});
