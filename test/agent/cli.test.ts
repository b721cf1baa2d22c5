// The CLI with the agent, as a user drives it: unlock once, later commands ask for nothing, lock
// (or idle) ends it and commands fall back to the password sources; a wrong password starts no
// agent; another user (nobody) is refused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentPaths } from '../../electron/agent/runtime-dir.ts';
import { makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { runtimeDir } from './support.ts';

let tv: TestVault;
let rt: string;
/** The vault's environment without any password source: only the agent can open it. */
let noPassword: Record<string, string | undefined>;

beforeEach(async () => {
  tv = await makeVault();
  rt = runtimeDir();
  tv.env.XDG_RUNTIME_DIR = rt;
  noPassword = { KEYHOLD_PASSWORD_FILE: undefined };
  const r = await tv.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_live_cli_agent' });
  expect(r.code).toBe(0);
});

afterEach(async () => {
  await stopAgent();
  removeDir(tv.dir);
  removeDir(rt);
});

/** Locks (the agent exits); kills it by pid if it does not answer. */
async function stopAgent(): Promise<void> {
  const s = await tv.kh(['status', '--json']);
  const status = JSON.parse(s.stdout || '{}') as { pid?: number; server?: string };
  await tv.kh(['lock']);
  if (status.server === 'agent' && status.pid) {
    try {
      process.kill(status.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('keyhold unlock / lock / status', () => {
  it('status says locked before unlock, with exit status 12', async () => {
    const r = await tv.kh(['status']);
    expect(r.code).toBe(12);
    expect(r.stdout).toMatch(/^Locked: no agent or desktop app serves/);
  });

  it('unlock once; get, ls, add and audit work without a password; lock ends it and commands fall back', async () => {
    const u = await tv.kh(['unlock']);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stderr).toMatch(/^Unlocked\./);

    const st = await tv.kh(['status']);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/^Unlocked by the agent \(pid \d+\) since /);
    expect(st.stdout).toMatch(/locks after 15 minutes without a request/);

    const g = await tv.kh(['get', 'stripe/prod'], { env: noPassword });
    expect(g).toMatchObject({ code: 0, stdout: 'sk_live_cli_agent' });
    const a = await tv.kh(['add', 'github/ci', '--value-stdin'], { env: noPassword, input: 'ghp_through_agent' });
    expect(a.code, a.stderr).toBe(0);
    const ls = await tv.kh(['ls', '--json'], { env: noPassword });
    expect((JSON.parse(ls.stdout) as { name: string }[]).map((m) => m.name)).toEqual(['github/ci', 'stripe/prod']);
    const audit = await tv.kh(['audit', '--json'], { env: noPassword });
    const gets = (JSON.parse(audit.stdout) as { action: string; origin: { kind: string; process?: { command: string } } }[]).filter((e) => e.action === 'get');
    expect(gets.at(-1)!.origin.kind).toBe('agent');
    expect(gets.at(-1)!.origin.process?.command).toMatch(/keyhold\.js get stripe\/prod$/);

    const l = await tv.kh(['lock']);
    expect(l).toMatchObject({ code: 0, stderr: 'Locked.\n' });
    expect((await tv.kh(['status'])).code).toBe(12);
    // No agent and no password source: the command falls back to the prompt, which CI does not have.
    const after = await tv.kh(['get', 'stripe/prod'], { env: noPassword });
    expect(after.code).toBe(12);
    expect(after.stderr).toMatch(/No master password/);
    // With a password source it still works without the agent.
    expect((await tv.kh(['get', 'stripe/prod'])).stdout).toBe('sk_live_cli_agent');
    expect(fs.existsSync(agentPaths(tv.vault, { XDG_RUNTIME_DIR: rt }).socket)).toBe(false);
  });

  it('scan and health read every value through the agent, without a password', async () => {
    expect((await tv.kh(['unlock'])).code).toBe(0);
    const tree = path.join(tv.dir, 'tree');
    fs.mkdirSync(tree);
    fs.writeFileSync(path.join(tree, 'config.js'), 'const a = 1;\nconst key = "sk_live_cli_agent";\n');
    const scan = await tv.kh(['scan', tree, '--json'], { env: noPassword });
    expect(scan.stdout).toContain('stripe/prod');
    expect(scan.stdout).not.toContain('sk_live_cli_agent');
    expect(scan.code).not.toBe(12);
    const health = await tv.kh(['health', '--json'], { env: noPassword });
    expect(health.code, health.stderr).not.toBe(12);
    expect(health.stdout).not.toContain('sk_live_cli_agent');
  });

  it('rotate --generate through the agent keeps the generator recipe (prefix)', async () => {
    expect((await tv.kh(['unlock'])).code).toBe(0);
    const a = await tv.kh(['add', 'stripe/live', '--generate', '--prefix', 'sk_live_', '--length', '40'], { env: noPassword });
    expect(a.code, a.stderr).toBe(0);
    const r = await tv.kh(['rotate', 'stripe/live', '--generate'], { env: noPassword });
    expect(r.code, r.stderr).toBe(0);
    const g = await tv.kh(['get', 'stripe/live'], { env: noPassword });
    expect(g.stdout).toMatch(/^sk_live_/);
    expect(g.stdout).toHaveLength('sk_live_'.length + 40);
  });

  it('KEYHOLD_NO_AGENT=1 bypasses the agent', async () => {
    expect((await tv.kh(['unlock'])).code).toBe(0);
    const r = await tv.kh(['get', 'stripe/prod'], { env: { ...noPassword, KEYHOLD_NO_AGENT: '1' } });
    expect(r.code).toBe(12);
  });

  it('a second unlock says it is already unlocked', async () => {
    expect((await tv.kh(['unlock'])).code).toBe(0);
    const again = await tv.kh(['unlock']);
    expect(again.code).toBe(6);
    expect(again.stderr).toMatch(/Already unlocked by the agent/);
  });

  it('a wrong password starts no agent', async () => {
    const bad = path.join(tv.dir, 'bad');
    fs.writeFileSync(bad, 'wrong password\n', { mode: 0o600 });
    const r = await tv.kh(['unlock'], { env: { KEYHOLD_PASSWORD_FILE: bad } });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('keyhold: Wrong master password.\n');
    expect((await tv.kh(['status'])).code).toBe(12);
  });

  it('refuses bad durations before asking for the password', async () => {
    const r = await tv.kh(['unlock', '--for', 'forever'], { env: noPassword });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--for takes a duration between 10s and 30d/);
  });

  it('locks itself after --idle without a request', async () => {
    expect((await tv.kh(['unlock', '--idle', '10s'])).code).toBe(0);
    expect((await tv.kh(['status'])).stdout).toMatch(/after moments without a request|after 10 seconds/);
    await waitFor(async () => (await tv.kh(['status'])).code === 12, 90_000);
    expect((await tv.kh(['get', 'stripe/prod'], { env: noPassword })).code).toBe(12);
  });

  it('another user (nobody) cannot reach the agent', async () => {
    if (process.getuid?.() !== 0) return; // needs root to switch user: CI runs as root
    expect((await tv.kh(['unlock'])).code).toBe(0);
    const { socket, token } = agentPaths(tv.vault, { XDG_RUNTIME_DIR: rt });
    const script = path.join(fs.mkdtempSync('/tmp/kh-nobody-'), 'probe.mjs');
    fs.chmodSync(path.dirname(script), 0o755);
    fs.writeFileSync(script, `
      import net from 'node:net'; import fs from 'node:fs';
      let tokenRead = 'no'; try { fs.readFileSync(${JSON.stringify(token)}); tokenRead = 'yes'; } catch (e) { tokenRead = e.code; }
      const s = net.connect(${JSON.stringify(socket)});
      s.on('connect', () => { console.log('connected', tokenRead); s.destroy(); });
      s.on('error', (e) => console.log('error', e.code, tokenRead));
    `, { mode: 0o644 });
    const r = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim()).toBe('error EACCES EACCES');
    fs.rmSync(path.dirname(script), { recursive: true, force: true });
  });
});
