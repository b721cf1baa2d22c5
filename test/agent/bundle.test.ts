// The bundled CLI: bin/keyhold.js runs out/cli/keyhold.js, and a command served by the agent
// loads no vault, SQLite, Argon2 or age code (checked by tracing every module the process loads).
// A plain `get NAME` through the agent runs from out/cli/agent-get.cjs without loading the whole
// CLI; every other case falls back to it and behaves as before.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { runtimeDir } from './support.ts';

const TRACER = path.join(ROOT, 'test/support/trace-modules.mjs');
// chunks/vault-api-* is the vault's shared constants (document kinds), not vault code.
const HEAVY = /better-sqlite3|@node-rs[/\\]argon2|age-encryption|chunks[/\\]vault-(?!api-)/;

let tv: TestVault;
let rt: string;

beforeAll(async () => {
  tv = await makeVault();
  rt = runtimeDir();
  tv.env.XDG_RUNTIME_DIR = rt;
  expect((await tv.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_live_bundle' })).code).toBe(0);
  expect((await tv.kh(['add', 'leaked/key', '--value-stdin'], { input: 'sk_live_leaked' })).code).toBe(0);
  expect((await tv.kh(['mark-compromised', 'leaked/key'])).code).toBe(0);
  expect((await tv.kh(['add', 'old/key', '--value-stdin'], { input: 'sk_live_old' })).code).toBe(0);
  expect((await tv.kh(['rm', 'old/key'])).code).toBe(0);
  expect((await tv.kh(['unlock'])).code).toBe(0);
});

afterAll(async () => {
  await tv.kh(['lock']);
  removeDir(tv.dir);
  removeDir(rt);
});

/** Runs the CLI with the module tracer; returns its output and every module URL it loaded. */
function traced(args: string[], env: Record<string, string | undefined> = {}, status = 0): { stdout: string; stderr: string; modules: string[] } {
  const trace = path.join(tv.dir, `trace-${Date.now()}`);
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ PATH: process.env.PATH, ...tv.env, ...env, KH_TRACE: trace })) if (v !== undefined) fullEnv[k] = v;
  const r = spawnSync(process.execPath, ['--import', TRACER, BIN, ...args], { env: fullEnv, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(status);
  return { stdout: r.stdout, stderr: r.stderr, modules: fs.readFileSync(trace, 'utf8').split('\n') };
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

  it('a plain get through the agent runs the small entry alone, not the whole CLI', () => {
    const { stdout, modules } = traced(['get', 'stripe/prod'], { KEYHOLD_PASSWORD_FILE: undefined });
    expect(stdout).toBe('sk_live_bundle');
    expect(modules.some((m) => m.endsWith('/out/cli/agent-get.cjs'))).toBe(true);
    expect(modules.filter((m) => m.endsWith('/out/cli/keyhold.js'))).toEqual([]);
    // --vault before or after the name is still the plain case.
    const withVault = traced(['get', 'stripe/prod', '--vault', tv.vault], { KEYHOLD_PASSWORD_FILE: undefined, KEYHOLD_VAULT: undefined });
    expect(withVault.stdout).toBe('sk_live_bundle');
    expect(withVault.modules.filter((m) => m.endsWith('/out/cli/keyhold.js'))).toEqual([]);
  });

  it('every other get through the agent is left to the whole CLI, which answers as before', () => {
    const full = (m: string[]) => m.some((u) => u.endsWith('/out/cli/keyhold.js'));
    const noPassword = { KEYHOLD_PASSWORD_FILE: undefined };
    // A compromised credential: the value and the warning (printed by the full get).
    const leaked = traced(['get', 'leaked/key'], noPassword);
    expect(leaked.stdout).toBe('sk_live_leaked');
    expect(leaked.stderr).toBe('warning: leaked/key is marked compromised: rotate it.\n');
    expect(full(leaked.modules)).toBe(true);
    // A mistyped name: the full CLI's suggestion, exit 5.
    const typo = traced(['get', 'stripe/prd'], noPassword, 5);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe("keyhold: No credential named stripe/prd. Did you mean stripe/prod?\n");
    // In the trash.
    const trashed = traced(['get', 'old/key'], noPassword, 5);
    expect(trashed.stderr).toMatch(/^keyhold: old\/key is in the trash/);
    // An option the fast path does not serve.
    const json = traced(['get', 'stripe/prod', '--json'], noPassword);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: 'stripe/prod', value: 'sk_live_bundle' });
    expect(full(json.modules)).toBe(true);
  });

  it('each get through the agent is audited once, fast path or not', async () => {
    const before = await tv.kh(['audit', '--json', '--credential', 'stripe/prod']);
    const count = () => (JSON.parse(before.stdout) as { action: string }[]).filter((e) => e.action === 'get').length;
    const n0 = count();
    expect(traced(['get', 'stripe/prod'], { KEYHOLD_PASSWORD_FILE: undefined }).stdout).toBe('sk_live_bundle');
    const after = await tv.kh(['audit', '--json', '--credential', 'stripe/prod']);
    const gets = (JSON.parse(after.stdout) as { action: string; origin: { kind: string; command: string } }[]).filter((e) => e.action === 'get');
    expect(gets.length).toBe(n0 + 1);
    expect(gets.at(-1)!.origin).toMatchObject({ kind: 'agent', command: 'get' });
  });

  it('loads only the code of the command that runs', () => {
    const chunk = (name: string) => new RegExp(`chunks[/\\\\]${name}-[\\w-]+\\.js$`);
    const loaded = (modules: string[], name: string) => modules.some((m) => chunk(name).test(m));
    // --version: the dispatcher alone, not a command nor the shared model's schemas.
    const version = traced(['--version']);
    expect(version.stdout).toMatch(/^keyhold \d/);
    for (const name of ['get', 'run', 'share', 'model', 'protocol']) expect(loaded(version.modules, name), name).toBe(false);
    // run through the agent: its own module and the client, no other command's, no vault code.
    const run = traced(['run', '--env', 'K=keyhold:stripe/prod', '--', 'sh', '-c', 'test "$K" = sk_live_bundle && echo ok'], { KEYHOLD_PASSWORD_FILE: undefined });
    expect(run.stdout).toBe('ok\n');
    expect(loaded(run.modules, 'run')).toBe(true);
    for (const name of ['get', 'share', 'scan', 'import', 'health', 'contract']) expect(loaded(run.modules, name), name).toBe(false);
    expect(run.modules.filter((m) => HEAVY.test(m))).toEqual([]);
    // Help still lists every command (it loads them all).
    const help = traced(['--help']);
    expect(help.stdout).toMatch(/^ {2}share\s/m);
    expect(help.stdout).toMatch(/^ {2}run\s/m);
  });

  it('without the agent the same command loads the vault (the tracer sees it)', () => {
    const { stdout, modules } = traced(['get', 'stripe/prod'], { KEYHOLD_NO_AGENT: '1' });
    expect(stdout).toBe('sk_live_bundle');
    expect(modules.some((m) => /better-sqlite3/.test(m))).toBe(true);
    expect(modules.some((m) => /@node-rs[/\\]argon2/.test(m))).toBe(true);
  });
});
