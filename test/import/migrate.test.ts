// `keyhold migrate` on a real project folder with real git: the program started through
// `keyhold run --env-file .env.keyhold` gets exactly the environment the .env gave it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVault, removeDir, run, type TestVault } from '../cli/helpers.ts';

const T = 180_000;
let tv: TestVault;
let project: string;

const ENV_TEXT = [
  '# settings and secrets, as projects have them',
  'PORT=3000',
  'NODE_ENV=production',
  'export STRIPE_SECRET_KEY=sk_live_51abcDEF',
  'DATABASE_URL="postgres://shop:p%40ss w0rd@db:5432/shop?sslmode=require"',
  "PRIVATE_KEY='-----BEGIN KEY-----",
  'abc+/=',
  "-----END KEY-----'",
  'GREETING="two\\nlines"',
  'EMPTY=',
  'API_BASE=https://api.example.com/v1',
  'HASHED=abc # a comment',
].join('\n');
const PROD_TEXT = 'SENTRY_DSN=https://key@o1.ingest.sentry.io/42\nLOG_LEVEL=warn\n';

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: project, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A child that prints a digest of the listed variables (values never leave it, so masking is moot). */
const DIGEST = "const k=JSON.parse(process.argv[1]);const o={};for(const n of k)o[n]=process.env[n]??null;console.log(require('crypto').createHash('sha256').update(JSON.stringify(o)).digest('hex'))";

function digestWith(vars: Record<string, string>, keys: string[]): string {
  const r = spawnSync(process.execPath, ['-e', DIGEST, JSON.stringify(keys)], { env: { PATH: process.env.PATH, ...vars }, encoding: 'utf8' });
  return r.stdout.trim();
}

beforeAll(async () => {
  tv = await makeVault();
  project = path.join(tv.dir, 'shop');
  fs.mkdirSync(path.join(project, 'build'), { recursive: true });
  fs.writeFileSync(path.join(project, '.env'), ENV_TEXT);
  fs.writeFileSync(path.join(project, '.env.production'), PROD_TEXT);
  fs.writeFileSync(path.join(project, '.env.example'), 'STRIPE_SECRET_KEY=\n');
  fs.writeFileSync(path.join(project, 'build', '.env'), 'BUILD_TOKEN=t\n');
  fs.writeFileSync(path.join(project, '.gitignore'), 'build/\n');
  git(['init', '-q']);
  git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.env', '.env.example', '.gitignore']);
  git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'oops, committed .env']);
  // The .env leaves the index but stays in history, as after a half-hearted clean-up.
  git(['rm', '-q', '--cached', '.env']);
  git(['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'untrack .env']);
}, T);
afterAll(() => removeDir(tv.dir));

describe('migrate', () => {
  it('--dry-run shows the plan and changes nothing', async () => {
    const before = fs.readdirSync(project).sort();
    const r = await tv.kh(['migrate', project, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/PORT\s+setting: stays as text/);
    expect(r.stdout).toMatch(/STRIPE_SECRET_KEY\s+secret -> shop\/STRIPE_SECRET_KEY/);
    expect(r.stdout + r.stderr).not.toMatch(/sk_live|p%40ss|BEGIN KEY/);
    expect(r.stderr).toMatch(/build\/\.env: left alone \(in a folder \.gitignore ignores/);
    expect(r.stderr).toMatch(/\.env\.example: left alone \(a template/);
    expect(fs.readdirSync(project).sort()).toEqual(before);
    expect((JSON.parse((await tv.kh(['ls', '--json'])).stdout) as unknown[]).length).toBe(0);
  }, T);

  it('without a terminal and without --yes does nothing', async () => {
    const r = await tv.kh(['migrate', project]);
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(project, '.env'))).toBe(true);
  }, T);

  it('moves the secrets, and keyhold run gives the program the same environment as before', async () => {
    const before = { env: dotenv.parse(ENV_TEXT), prod: dotenv.parse(PROD_TEXT) };
    const keys = { env: Object.keys(before.env), prod: Object.keys(before.prod) };
    const expected = { env: digestWith(before.env, keys.env), prod: digestWith(before.prod, keys.prod) };

    const r = await tv.kh(['migrate', project, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/sk_live|p%40ss|BEGIN KEY/);
    expect(r.stderr).toMatch(/warning: .*\.env appears in git history \(2 commits\).*Rotate them/);
    expect(r.stderr).not.toMatch(/\.env\.production (is tracked|appears)/);

    // The originals are gone, the reference files hold no secret, .gitignore keeps .env out.
    expect(fs.existsSync(path.join(project, '.env'))).toBe(false);
    expect(fs.existsSync(path.join(project, '.env.production'))).toBe(false);
    const ref = fs.readFileSync(path.join(project, '.env.keyhold'), 'utf8');
    expect(ref).toMatch(/^PORT=3000$/m);
    expect(ref).toMatch(/^STRIPE_SECRET_KEY=keyhold:shop\/STRIPE_SECRET_KEY$/m);
    expect(ref).not.toMatch(/sk_live|p%40ss|BEGIN KEY/);
    expect(fs.readFileSync(path.join(project, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
    expect(git(['status', '--porcelain', '--ignored'])).toMatch(/^\?\? \.env\.keyhold$/m);
    expect(git(['check-ignore', '.env', '.env.production']).split('\n').filter(Boolean)).toHaveLength(2);
    expect(fs.existsSync(path.join(project, 'build', '.env'))).toBe(true);
    expect(fs.existsSync(path.join(project, '.env.example'))).toBe(true);

    // The credentials: environment from the file name, exposed ones tagged for rotation.
    const list = JSON.parse((await tv.kh(['ls', '--json'])).stdout) as { name: string; environment: string; tags: string[] }[];
    const byName = new Map(list.map((c) => [c.name, c]));
    expect(byName.has('shop/PORT')).toBe(false);
    expect(byName.get('shop/STRIPE_SECRET_KEY')?.tags).toEqual(['shop', 'exposed-in-git']);
    expect(byName.get('shop/SENTRY_DSN')?.environment).toBe('prod');
    expect(byName.get('shop/SENTRY_DSN')?.tags).toEqual(['shop']);

    // The equality: the same variables, byte for byte, through keyhold run.
    for (const [file, which] of [['.env.keyhold', 'env'], ['.env.production.keyhold', 'prod']] as const) {
      const out = await run(['run', '--env-file', file, '--', process.execPath, '-e', DIGEST, JSON.stringify(keys[which])], { env: tv.env, cwd: project });
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout.trim()).toBe(expected[which]);
    }
  }, T);

  it('a second run finds nothing left to migrate', async () => {
    const r = await tv.kh(['migrate', project, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No \.env files to migrate/);
  }, T);
});
