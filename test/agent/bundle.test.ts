// The bundled CLI: bin/keyhold.js runs out/cli/keyhold.js, and a command served by the agent
// loads no vault, SQLite, Argon2 or age code (checked by tracing every module the process loads).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { runtimeDir } from './support.ts';

const TRACER = path.join(ROOT, 'test/support/trace-modules.mjs');
const HEAVY = /better-sqlite3|@node-rs[/\\]argon2|age-encryption|chunks[/\\]vault-/;

let tv: TestVault;
let rt: string;

beforeAll(async () => {
  tv = await makeVault();
  rt = runtimeDir();
  tv.env.XDG_RUNTIME_DIR = rt;
  expect((await tv.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_live_bundle' })).code).toBe(0);
  expect((await tv.kh(['unlock'])).code).toBe(0);
});

afterAll(async () => {
  await tv.kh(['lock']);
  removeDir(tv.dir);
  removeDir(rt);
});

/** Runs the CLI with the module tracer; returns its output and every module URL it loaded. */
function traced(args: string[], env: Record<string, string | undefined> = {}): { stdout: string; modules: string[] } {
  const trace = path.join(tv.dir, `trace-${Date.now()}`);
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ PATH: process.env.PATH, ...tv.env, ...env, KH_TRACE: trace })) if (v !== undefined) fullEnv[k] = v;
  const r = spawnSync(process.execPath, ['--import', TRACER, BIN, ...args], { env: fullEnv, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, modules: fs.readFileSync(trace, 'utf8').split('\n') };
}

describe('bundled CLI', () => {
  it('runs the bundle, not the TypeScript sources', () => {
    const { modules } = traced(['--version']);
    expect(modules.some((m) => m.endsWith('/out/cli/keyhold.js'))).toBe(true);
    expect(modules.some((m) => m.endsWith('.ts'))).toBe(false);
  });

  it('get through the agent loads no SQLite, Argon2, age or vault code', () => {
    const { stdout, modules } = traced(['get', 'stripe/prod'], { KEYHOLD_PASSWORD_FILE: undefined });
    expect(stdout).toBe('sk_live_bundle');
    expect(modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('without the agent the same command loads the vault (the tracer sees it)', () => {
    const { stdout, modules } = traced(['get', 'stripe/prod'], { KEYHOLD_NO_AGENT: '1' });
    expect(stdout).toBe('sk_live_bundle');
    expect(modules.some((m) => /better-sqlite3/.test(m))).toBe(true);
    expect(modules.some((m) => /@node-rs[/\\]argon2/.test(m))).toBe(true);
  });
});
