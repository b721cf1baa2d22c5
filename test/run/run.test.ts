// keyhold run with real child processes (bash and node) through the real CLI.
import dotenv from 'dotenv';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, type TestVault } from '../cli/helpers.ts';
import { DOTENV_DOCUMENTED_CASES } from '../refs/env-file.test.ts';
import { MASK } from '../../electron/cli/run/mask.ts';
import { GITHUB, STRIPE, start, vaultWithKeys, writeFile } from './support.ts';

const NODE = process.execPath;
let v: TestVault;

beforeAll(async () => {
  v = await vaultWithKeys();
});
afterAll(() => removeDir(v.dir));

describe('keyhold run: variables', () => {
  it('adds literal values, values and fields on top of the environment; later files and --env override', async () => {
    const a = writeFile(v, 'a.env', 'PORT=3000\nKEY=keyhold:stripe/prod\nSVC="keyhold:stripe/prod#service"\nOVER=from-a\n');
    const b = writeFile(v, 'b.env', 'OVER=from-b\nGH=keyhold:stripe/prod\n');
    const script = 'console.log(JSON.stringify({PORT:process.env.PORT,KEY:process.env.KEY,SVC:process.env.SVC,OVER:process.env.OVER,GH:process.env.GH,KEEP:process.env.KEEP}))';
    const r = await v.kh(['run', '--no-masking', '--env-file', a, '--env-file', b, '--env', 'GH=keyhold:github/ci', '--', NODE, '-e', script], { env: { KEEP: 'kept' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ PORT: '3000', KEY: STRIPE, SVC: 'Stripe', OVER: 'from-b', GH: GITHUB, KEEP: 'kept' });
  });

  it('resolves a reference file with every documented dotenv case exactly as dotenv.parse reads it', async () => {
    const refs = '\nREF_PLAIN=keyhold:stripe/prod\nexport REF_EXPORTED="keyhold:github/ci"\nREF_FIELD=\'keyhold:stripe/prod#environment\' # comment\n';
    const text = DOTENV_DOCUMENTED_CASES + refs;
    const file = writeFile(v, 'parity.env', text);
    const expected: Record<string, string> = { ...dotenv.parse(text), REF_PLAIN: STRIPE, REF_EXPORTED: GITHUB, REF_FIELD: 'prod' };
    const keys = JSON.stringify(Object.keys(expected));
    const script = `const o={};for(const k of ${keys})o[k]=process.env[k];process.stdout.write(JSON.stringify(o))`;
    const r = await v.kh(['run', '--no-masking', '--env-file', file, '--', NODE, '-e', script]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('reads a reference file from stdin with --env-file -', async () => {
    const r = await v.kh(['run', '--no-masking', '--env-file', '-', '--', 'bash', '-c', 'printf %s "$K"'], { input: 'K=keyhold:stripe/prod\n' });
    expect(r.stdout).toBe(STRIPE);
  });

  it('passes stdin through to the program', async () => {
    const r = await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--', 'bash', '-c', 'cat; echo " and $K"'], { input: 'line from stdin' });
    expect(r.stdout).toBe(`line from stdin and ${MASK}\n`);
  });
});

describe('keyhold run: masking', () => {
  it('masks a value written whole on stdout and stderr, and its base64 and percent-encoded forms', async () => {
    const script = `
      const k = process.env.K, g = process.env.G;
      console.log('whole', k);
      console.error('stderr', k);
      console.log('b64', Buffer.from(k).toString('base64'));
      console.log('basic', Buffer.from('user:' + k).toString('base64'));
      console.log('url', encodeURIComponent(g));`;
    const r = await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--env', 'G=keyhold:github/ci', '--', NODE, '-e', script]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(STRIPE);
    expect(r.stdout).toContain(`whole ${MASK}\n`);
    expect(r.stdout).toContain(`b64 ${MASK}\n`);
    expect(r.stdout).toMatch(new RegExp(`basic \\S{0,8}${MASK}\\S{0,4}\n`));
    expect(r.stdout).toContain(`url ${MASK}\n`);
    expect(r.stderr).toBe(`stderr ${MASK}\n`);
  });

  it('masks a value split across two writes with a pause between them', async () => {
    const script = `
      const k = process.env.K;
      process.stdout.write('token=' + k.slice(0, 11));
      setTimeout(() => process.stdout.write(k.slice(11) + ' done\\n'), 700);`;
    const r = await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--', NODE, '-e', script]);
    expect(r.stdout).toBe(`token=${MASK} done\n`);
  });

  it('passes the exact bytes with --no-masking', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 1, 2, 255, 13, 10]), Buffer.from(STRIPE), Buffer.from([0xc3, 0x28])]);
    const file = path.join(v.dir, 'bytes.bin');
    fs.writeFileSync(file, bytes);
    const out = path.join(v.dir, 'bytes.out');
    const r = await v.kh(['run', '--no-masking', '--env', 'K=keyhold:stripe/prod', '--', 'bash', '-c', `cat "$1" > "$2"; cat "$1"`, '_', file, out]);
    expect(r.code).toBe(0);
    expect(Buffer.from(r.stdout, 'latin1').length).toBeGreaterThan(0);
    expect(fs.readFileSync(out)).toEqual(bytes);
    // And through keyhold's own stdout (as latin1, so no byte is re-encoded):
    const child = start(v, ['run', '--no-masking', '--env', 'K=keyhold:stripe/prod', '--', 'cat', file]);
    const chunks: Buffer[] = [];
    child.child.stdout!.removeAllListeners('data');
    child.child.stdout!.setEncoding('latin1' as BufferEncoding);
    child.child.stdout!.on('data', (d: string) => chunks.push(Buffer.from(d, 'latin1')));
    await child.done;
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });
});

describe('keyhold run: exit codes and signals', () => {
  it('returns the exit code, 128+N on signal death, 127 for a missing program', async () => {
    expect((await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--', 'bash', '-c', 'exit 42'])).code).toBe(42);
    expect((await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--', 'bash', '-c', 'kill -TERM $$'])).code).toBe(143);
    expect((await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--', 'bash', '-c', 'kill -KILL $$'])).code).toBe(137);
    const missing = await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--', 'no-such-program-keyhold']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toBe('keyhold: command not found: no-such-program-keyhold\n');
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`forwards ${signal} to the program and leaves no orphan`, async () => {
      const script = `
        process.on('${signal}', () => { console.log('child got ${signal}'); process.exit(7); });
        console.log('ready ' + process.pid);
        setInterval(() => {}, 1000);`;
      const s = start(v, ['run', '--env', 'K=keyhold:stripe/prod', '--', NODE, '-e', script]);
      await s.waitFor('ready');
      const childPid = Number(/ready (\d+)/.exec(s.stdout())![1]);
      process.kill(s.child.pid!, signal);
      const { code } = await s.done;
      expect(s.stdout()).toContain(`child got ${signal}`);
      expect(code).toBe(7);
      expect(() => process.kill(childPid, 0)).toThrow();
    });
  }
});

describe('keyhold run: refusals start nothing', () => {
  beforeAll(async () => {
    for (const [name, extra] of [['off', []], ['gone', []], ['leaked', []], ['binned', []], ['old', ['--expires', '2020-01-01']]] as const) {
      await v.kh(['add', name, '--value-stdin', ...extra], { input: `value-of-${name}` });
    }
    await v.kh(['disable', 'off']);
    await v.kh(['revoke', 'gone']);
    await v.kh(['mark-compromised', 'leaked']);
    await v.kh(['rm', 'binned']);
  });

  const cases: [string, string, number][] = [
    ['missing', 'MISSING: no credential named missing', 5],
    ['off', 'OFF: off is disabled', 7],
    ['gone', 'GONE: gone is revoked', 7],
    ['leaked', 'LEAKED: leaked is marked compromised', 7],
    ['binned', 'BINNED: binned is in the trash', 7],
    ['old', 'OLD: old expired on', 7],
  ];
  for (const [name, line, code] of cases) {
    it(`refuses a reference to a ${name === 'old' ? 'expired' : name} credential with one line`, async () => {
      const marker = path.join(v.dir, `started-${name}`);
      const file = writeFile(v, `${name}.env`, `OK=keyhold:stripe/prod\n${name.toUpperCase()}=keyhold:${name}\n`);
      const r = await v.kh(['run', '--env-file', file, '--', 'bash', '-c', `touch "${marker}"`]);
      expect(r.code).toBe(code);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toContain(`keyhold: ${line}`);
      expect(fs.existsSync(marker)).toBe(false);
    });
  }

  it('refuses a malformed reference file naming the file and variable', async () => {
    const file = writeFile(v, 'bad.env', 'A=1\nB="keyhold:x#colour"\n');
    const r = await v.kh(['run', '--env-file', file, '--', 'true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyhold: .*bad\.env: B: unknown field after #/);
  });
});

describe('keyhold run: audit', () => {
  it('records which credentials, for which command, in which folder and process; never a value', async () => {
    const r = await v.kh(['run', '--env', 'K=keyhold:stripe/prod', '--env', 'S=keyhold:stripe/prod#service', '--', 'bash', '-c', 'echo $$']);
    const childPid = r.stdout.trim();
    const audit = JSON.parse((await v.kh(['audit', '--json', '--action', 'run'])).stdout) as { credentialName: string | null; detail?: string; origin: { command?: string } }[];
    const summary = audit.filter((e) => e.detail?.includes(`pid ${childPid} `));
    expect(summary).toHaveLength(1);
    expect(summary[0]!.detail).toContain('command bash -c echo $$');
    expect(summary[0]!.detail).toContain(`cwd ${process.cwd()}`);
    expect(summary[0]!.detail).toContain('K=stripe/prod, S=stripe/prod');
    expect(audit.some((e) => e.credentialName === 'stripe/prod' && e.origin.command === 'run')).toBe(true);
    const all = (await v.kh(['audit', '--json'])).stdout;
    expect(all).not.toContain(STRIPE);
  });
});
