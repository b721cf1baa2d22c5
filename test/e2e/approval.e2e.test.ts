// Per-process approval in the desktop app, end to end: the real CLI asks through the agent socket
// served by the real application service; the approval dialog appears in Chromium and the user
// allows once, for the terminal session, or denies; the CLI gets the value or a clear error; the
// credential's Activity names the process.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopAgentHost } from '../../electron/app/agent-host.ts';
import { runtimeDir } from '../agent/support.ts';
import { BIN, type RunResult } from '../cli/helpers.ts';
import { axeViolations, layoutProblems } from './checks.ts';
import { appPerTest, type RunningApp } from './harness.ts';
import { select } from './support.ts';

const launch = appPerTest();
let host: DesktopAgentHost | undefined;
let rt: string | undefined;

afterEach(async () => {
  await host?.dispose();
  host = undefined;
  if (rt) fs.rmSync(rt, { recursive: true, force: true });
});

async function served(): Promise<RunningApp> {
  const app = await launch({
    vault: 'unlocked',
    seed: async ({ call }) => {
      await call('credentials.create', { fields: { name: 'stripe/prod' }, value: { kind: 'text', value: 'sk_live_e2e_approval' } });
    },
  });
  rt = runtimeDir();
  host = new DesktopAgentHost({ service: app.service, env: { XDG_RUNTIME_DIR: rt } });
  host.start();
  await host.settled();
  return app;
}

/** The CLI as typed in one terminal (same session as this test), asking the desktop app. */
function cli(app: RunningApp, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH!, KEYHOLD_VAULT: app.vaultPath, XDG_RUNTIME_DIR: rt!, HOME: app.dir };
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: app.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const dialog = (app: RunningApp) => app.page.getByRole('dialog', { name: 'Allow access to stripe/prod?' });

describe('approval of CLI requests', () => {
  it('allow once: the dialog names the process; the CLI gets the value; Activity shows who read it', async () => {
    const app = await served();
    const pending = cli(app, ['get', 'stripe/prod']);
    const d = dialog(app);
    await d.waitFor({ timeout: 60_000 });
    const text = await d.textContent();
    expect(text).toContain('keyhold get stripe/prod');
    expect(text).toContain(app.dir.replace(/^\/root/, '~'));
    // Deny has the focus: a dialog appearing while typing must not allow by accident.
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toBe('Deny');
    // To the standard of every other screen (issue 13): axe-clean and laid out whole, both themes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      expect(await axeViolations(app.page)).toEqual([]);
      expect(await layoutProblems(app.page)).toEqual([]);
    }
    await d.getByRole('button', { name: 'Allow once' }).click();
    expect(await pending).toMatchObject({ code: 0, stdout: 'sk_live_e2e_approval' });
    await d.waitFor({ state: 'detached' });

    await select(app.page, 'stripe/prod');
    const activity = app.page.getByRole('list', { name: 'Activity' });
    await expect.poll(() => activity.textContent(), { timeout: 30_000 }).toMatch(/read by keyhold get stripe\/prod from \S+ in \S+, just now/);
  });

  it('deny: the CLI gets a clear error and no value', async () => {
    const app = await served();
    const pending = cli(app, ['get', 'stripe/prod']);
    await dialog(app).waitFor({ timeout: 60_000 });
    await dialog(app).getByRole('button', { name: 'Deny' }).click();
    const r = await pending;
    expect(r.code).toBe(18);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('keyhold: Access to stripe/prod refused: the request was denied in the Keyhold app.\n');
  });

  it('Esc denies', async () => {
    const app = await served();
    const pending = cli(app, ['get', 'stripe/prod']);
    await dialog(app).waitFor({ timeout: 60_000 });
    await app.page.keyboard.press('Escape');
    expect((await pending).code).toBe(18);
  });

  it('for this terminal session: the next command of the same terminal is not asked again', async () => {
    const app = await served();
    const first = cli(app, ['get', 'stripe/prod']);
    await dialog(app).waitFor({ timeout: 60_000 });
    await dialog(app).getByRole('button', { name: 'Allow for this terminal session' }).click();
    expect((await first).stdout).toBe('sk_live_e2e_approval');
    expect((await cli(app, ['get', 'stripe/prod'])).stdout).toBe('sk_live_e2e_approval');
    expect(app.events.filter((e) => e.type === 'agent.approval')).toHaveLength(1);
  });
});
