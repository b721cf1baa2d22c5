// keyhold get --copy without the desktop app: the clipboard tool is chosen from the session
// (Wayland, X11, macOS, Windows), a missing tool is a clear error that reads nothing, and with a
// real xclip under Xvfb the value is copied and cleared only while the clipboard still holds it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseClipboardTool } from '../../electron/cli/os-clipboard.ts';
import { makeVault, removeDir, type TestVault } from '../cli/helpers.ts';

const has = (...tools: string[]) => (c: string) => tools.includes(c);

describe('clipboard tool selection', () => {
  it('follows the session: Wayland, then X11 (xclip, then xsel); pbcopy on macOS; clip on Windows', () => {
    expect(chooseClipboardTool({ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, 'linux', has('wl-copy', 'wl-paste', 'xclip')).name).toBe('wl-copy');
    expect(chooseClipboardTool({ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, 'linux', has('xclip')).name).toBe('xclip');
    expect(chooseClipboardTool({ DISPLAY: ':0' }, 'linux', has('xclip', 'xsel')).name).toBe('xclip');
    expect(chooseClipboardTool({ DISPLAY: ':0' }, 'linux', has('xsel')).name).toBe('xsel');
    expect(chooseClipboardTool({}, 'darwin', has()).name).toBe('pbcopy');
    expect(chooseClipboardTool({}, 'win32', has()).name).toBe('clip');
  });

  it('says what to install, or that there is no display', () => {
    expect(() => chooseClipboardTool({ DISPLAY: ':0' }, 'linux', has())).toThrow('No clipboard tool found: install xclip or xsel');
    expect(() => chooseClipboardTool({ WAYLAND_DISPLAY: 'w' }, 'linux', has())).toThrow('install wl-clipboard (wl-copy)');
    expect(() => chooseClipboardTool({}, 'linux', has('xclip'))).toThrow(/neither WAYLAND_DISPLAY nor DISPLAY is set/);
  });
});

describe('keyhold get --copy with the system clipboard', () => {
  let tv: TestVault;
  let xvfb: ChildProcess | undefined;
  const display = `:${90 + (process.pid % 9)}`;
  const haveX = spawnSync('sh', ['-c', 'command -v xclip && command -v Xvfb']).status === 0;

  beforeAll(async () => {
    tv = await makeVault();
    expect((await tv.kh(['add', 'stripe/prod', '--value-stdin'], { input: 'sk_live_copy_me' })).code).toBe(0);
    if (haveX) {
      xvfb = spawn('Xvfb', [display, '-nolisten', 'tcp'], { stdio: 'ignore' });
      await waitFor(() => spawnSync('xclip', ['-selection', 'clipboard', '-o'], { env: { ...process.env, DISPLAY: display } }).status !== null && fs.existsSync(`/tmp/.X11-unix/X${display.slice(1)}`));
    }
  });

  afterAll(() => {
    xvfb?.kill();
    removeDir(tv.dir);
  });

  const clipboard = () => spawnSync('xclip', ['-selection', 'clipboard', '-o'], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' }).stdout;

  async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('a missing tool is a clear error, and the value is not read', async () => {
    const r = await tv.kh(['get', 'stripe/prod', '--copy'], { env: { DISPLAY: ':0', PATH: '/nonexistent' } });
    expect(r.code).toBe(17);
    expect(r.stderr).toMatch(/^keyhold: No clipboard tool found: install xclip or xsel, or run the Keyhold app \(get --copy then uses it\)\.\n/);
    const audit = await tv.kh(['audit', '--json']);
    expect((JSON.parse(audit.stdout) as { action: string }[]).some((e) => e.action === 'copy')).toBe(false);
  });

  it('refuses --copy with --json or --version, and --clear-after without --copy', async () => {
    expect((await tv.kh(['get', 'stripe/prod', '--copy', '--json'])).code).toBe(2);
    expect((await tv.kh(['get', 'stripe/prod', '--clear-after', '5'])).code).toBe(2);
  });

  // 15 s on the clipboard: the poll below must see the value on a loaded machine before it clears.
  it.skipIf(!haveX)('copies with xclip and clears after --clear-after when the clipboard still holds the value', async () => {
    const done = tv.kh(['get', 'stripe/prod', '--copy', '--clear-after', '15'], { env: { DISPLAY: display } });
    await waitFor(() => clipboard() === 'sk_live_copy_me');
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Copied stripe\/prod to the clipboard \(xclip\)\. Clearing it in 15 s/);
    expect(r.stderr).toMatch(/\nClipboard cleared\.\n/);
    expect(clipboard()).toBe('');
    const audit = await tv.kh(['audit', '--json']);
    expect((JSON.parse(audit.stdout) as { action: string }[]).filter((e) => e.action === 'copy')).toHaveLength(1);
  });

  it.skipIf(!haveX)('leaves the clipboard alone when the user copied something else meanwhile', async () => {
    const done = tv.kh(['get', 'stripe/prod', '--copy', '--clear-after', '15'], { env: { DISPLAY: display } });
    await waitFor(() => clipboard() === 'sk_live_copy_me');
    spawnSync('xclip', ['-selection', 'clipboard', '-in'], { input: 'my own text', env: { ...process.env, DISPLAY: display }, stdio: ['pipe', 'ignore', 'ignore'] });
    const r = await done;
    expect(r.stderr).toMatch(/holds something else now: left as it is\.\n/);
    expect(clipboard()).toBe('my own text');
  });
});
