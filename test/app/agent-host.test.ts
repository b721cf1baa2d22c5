// The desktop app serving the CLI through the agent socket, with the real CLI as the client:
// CLI access while unlocked, the app's locks (manual, screen lock) end it at once, `keyhold lock`
// locks the app, the cliAccess setting turns it off, and per-process approval (once, for the
// terminal session, deny) answers the CLI.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DesktopAgentHost } from '../../electron/app/agent-host.ts';
import { agentPaths } from '../../electron/agent/runtime-dir.ts';
import type { AppEvent, ApprovalDecision } from '../../shared/contract.ts';
import { harness, type Harness } from '../support/app-harness.ts';
import { BIN, run, type RunResult } from '../cli/helpers.ts';
import { runtimeDir } from '../agent/support.ts';

let h: Harness;
let rt: string;
let host: DesktopAgentHost;
let env: Record<string, string>;

beforeEach(async () => {
  h = await harness();
  rt = runtimeDir();
  await h.call('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'text', value: 'sk_live_desktop' } });
  env = { KEYHOLD_VAULT: h.vaultPath, XDG_RUNTIME_DIR: rt, HOME: h.dir };
  host = new DesktopAgentHost({ service: h.service, env: { XDG_RUNTIME_DIR: rt } });
  host.start();
  await host.settled();
});

afterEach(async () => {
  await host.dispose();
  await h.cleanup();
  fs.rmSync(rt, { recursive: true, force: true });
});

const kh = (args: string[]) => run(args, { env });
const socket = () => agentPaths(h.vaultPath, { XDG_RUNTIME_DIR: rt }).socket;

/** The CLI in this test's own terminal session (not detached), like two commands typed in one shell. */
function khSameSession(args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Answers every approval request with the next decision; records the requests. */
function answering(decisions: ApprovalDecision[]): AppEvent[] {
  const asked: AppEvent[] = [];
  h.service.onEvent((e) => {
    if (e.type !== 'agent.approval') return;
    asked.push(e);
    const decision = decisions.shift() ?? 'deny';
    void h.service.handle('agent.approve', { id: e.request.id, decision });
  });
  return asked;
}

describe('desktop app serving the CLI', () => {
  it('serves while unlocked; status names the desktop app; a desktop lock ends CLI access at once', async () => {
    await h.call('settings.set', { cliApproval: 'allow' });
    const st = await kh(['status']);
    expect(st.code).toBe(0);
    expect(st.stdout).toMatch(/^Unlocked by the desktop app \(pid \d+\)/);
    expect(await kh(['get', 'stripe/prod'])).toMatchObject({ code: 0, stdout: 'sk_live_desktop' });
    // A CLI write shows up in the app.
    const events = h.events.length;
    expect((await run(['add', 'github/ci', '--value-stdin'], { env, input: 'ghp_x' })).code).toBe(0);
    expect(h.events.slice(events).some((e) => e.type === 'vault.changed')).toBe(true);

    await h.call('vault.lock', {});
    await host.settled();
    expect(fs.existsSync(socket())).toBe(false);
    const after = await kh(['get', 'stripe/prod']);
    expect(after.code).toBe(12);
    expect(after.stderr).toMatch(/No master password/);
  });

  it('a screen lock ends CLI access; unlocking the app opens it again', async () => {
    await h.call('settings.set', { cliApproval: 'allow' });
    await h.platform.emitSystemEvent('screen-locked');
    expect((await h.call('vault.status', {})).state).toBe('locked');
    expect((await kh(['status'])).code).toBe(12);
    await h.call('vault.unlock', { password: 'correct horse battery staple' });
    await host.settled();
    expect((await kh(['get', 'stripe/prod'])).stdout).toBe('sk_live_desktop');
  });

  it('keyhold lock locks the app', async () => {
    const r = await kh(['lock']);
    expect(r).toMatchObject({ code: 0, stderr: 'Locked the desktop app.\n' });
    expect((await h.call('vault.status', {})).state).toBe('locked');
    expect(h.events.at(-1)).toEqual({ type: 'locked', reason: 'manual' });
  });

  it('the cliAccess setting turns CLI access off and on', async () => {
    await h.call('settings.set', { cliAccess: false });
    await host.settled();
    expect(host.serving).toBe(false);
    expect((await kh(['status'])).code).toBe(12);
    await h.call('settings.set', { cliAccess: true });
    await host.settled();
    expect((await kh(['status'])).code).toBe(0);
  });

  it('asks for each new process: allow once, then deny gives the CLI a clear error', async () => {
    const asked = answering(['once', 'deny']);
    expect(await kh(['get', 'stripe/prod'])).toMatchObject({ code: 0, stdout: 'sk_live_desktop' });
    const denied = await kh(['get', 'stripe/prod']);
    expect(denied.code).toBe(18);
    expect(denied.stderr).toBe('keyhold: Access to stripe/prod refused: the request was denied in the Keyhold app.\n');
    expect(asked).toHaveLength(2);
    const req = (asked[0] as Extract<AppEvent, { type: 'agent.approval' }>).request;
    expect(req).toMatchObject({ credentialName: 'stripe/prod', action: 'read' });
    expect(req.process.command).toMatch(/keyhold\.js get stripe\/prod$/);
    expect(req.process.cwd).toBe(process.cwd());
    // Listing metadata asks nothing.
    expect((await kh(['ls'])).code).toBe(0);
    expect(asked).toHaveLength(2);
    // The audit trail has the read by the asking process and the refusal is not a read.
    const { entries } = await h.call('audit.list', { action: 'get' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.origin).toMatchObject({ kind: 'agent', command: 'get', process: { command: expect.stringMatching(/keyhold\.js get stripe\/prod$/) } });
  });

  it('"for this terminal session" allows later commands of the same session until the app locks', async () => {
    const asked = answering(['session']);
    expect((await khSameSession(['get', 'stripe/prod'])).stdout).toBe('sk_live_desktop');
    expect((await khSameSession(['get', 'stripe/prod'])).stdout).toBe('sk_live_desktop');
    expect(asked).toHaveLength(1);
    // Another terminal session (a detached process) is asked again.
    expect((await kh(['get', 'stripe/prod'])).code).toBe(18);
    expect(asked).toHaveLength(2);
    await h.call('vault.lock', {});
    await h.call('vault.unlock', { password: 'correct horse battery staple' });
    await host.settled();
    expect((await khSameSession(['get', 'stripe/prod'])).code).toBe(18);
    expect(asked).toHaveLength(3);
  });

  it('an unanswered request is denied after a minute', async () => {
    let seen = 0;
    h.service.onEvent((e) => {
      if (e.type === 'agent.approval') {
        seen++;
        void h.platform.advance(61_000);
      }
    });
    const r = await kh(['get', 'stripe/prod']);
    expect(seen).toBe(1);
    expect(r.code).toBe(18);
    expect(h.events.some((e) => e.type === 'agent.approval.closed')).toBe(true);
  });

  it('get --copy goes through the app\'s clipboard guard (history exclusion, cleared by the app)', async () => {
    const asked = answering(['once']);
    const r = await kh(['get', 'stripe/prod', '--copy']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Copied stripe/prod with the Keyhold app; the clipboard clears in 30 s if it still holds the value.\n');
    expect(h.platform.clipboard.text).toBe('sk_live_desktop');
    expect(h.platform.clipboard.excluded).toBe(true);
    expect((asked[0] as Extract<AppEvent, { type: 'agent.approval' }>).request.action).toBe('copy');
    await h.platform.advance(31_000);
    expect(h.platform.clipboard.text).toBe('');
  });

  it('get --version N (a history read) asks too', async () => {
    const asked = answering(['deny']);
    const r = await kh(['get', 'stripe/prod', '--version', '1']);
    expect(r.code).toBe(18);
    expect(asked).toHaveLength(1);
  });
});
