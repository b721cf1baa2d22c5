// The daily-use install: `npm pack` of the project, `npm install -g` of the tarball into a temp
// prefix, then the installed `keyhold` on PATH: --version, a vault, and a get through the agent.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_KDF, PASSWORD, ROOT } from '../cli/helpers.ts';
import { runtimeDir } from './support.ts';

let dir: string;
let rt: string;
let env: Record<string, string>;
let packed: { files: { path: string }[] };

function keyhold(args: string[], extra: Record<string, string | undefined> = {}, input = ''): string {
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...env, ...extra })) if (v !== undefined) full[k] = v;
  return execFileSync('keyhold', args, { env: full, input, encoding: 'utf8', timeout: 120_000 });
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-pack-'));
  rt = runtimeDir();
  // npm itself and the installed keyhold run on this Node (22); the system's may be older.
  const PATH = [path.join(dir, 'prefix', 'bin'), path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
  const npmEnv = { ...process.env, PATH, npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm') };
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv, encoding: 'utf8', timeout: 300_000 });
  packed = (JSON.parse(out) as { filename: string; files: { path: string }[] }[])[0]!;
  const tarball = path.join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  execFileSync('npm', ['install', '-g', '--prefix', path.join(dir, 'prefix'), tarball, '--no-audit', '--no-fund', '--prefer-offline'], { env: npmEnv, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const passwordFile = path.join(dir, 'password');
  fs.writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o600 });
  env = { PATH, HOME: dir, XDG_RUNTIME_DIR: rt, KEYHOLD_VAULT: path.join(dir, 'v.keyhold'), KEYHOLD_PASSWORD_FILE: passwordFile };
}, 600_000);

afterAll(() => {
  try {
    keyhold(['lock']);
  } catch {
    // no agent
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rt, { recursive: true, force: true });
});

describe('npm pack + npm install -g', () => {
  it('packs what runs: the launcher and the bundled CLI, no sources or tests', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('bin/keyhold.js');
    expect(files).toContain('out/cli/keyhold.js');
    expect(files.filter((f) => /^(electron|test|renderer|bench|shared)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
  });

  it('puts a working keyhold on PATH: --version, init, and a get through the agent', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(keyhold(['--version'])).toBe(`keyhold ${pkg.version}\n`);
    keyhold(['init', ...FAST_KDF]);
    keyhold(['add', 'stripe/prod', '--value-stdin'], {}, 'sk_live_packed');
    keyhold(['unlock']);
    expect(keyhold(['get', 'stripe/prod'], { KEYHOLD_PASSWORD_FILE: undefined })).toBe('sk_live_packed');
    expect(keyhold(['status'])).toMatch(/^Unlocked by the agent/);
  });
});
