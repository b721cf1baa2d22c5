// keyhold run on a real pseudo-terminal (util-linux `script`): the program runs on a PTY of its
// own, so isatty(1) is true and ANSI colours survive masking; Ctrl-C typed on the terminal
// reaches it; --as-files folders are removed after Ctrl-C.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, removeDir, type TestVault } from '../cli/helpers.ts';
import { hasScript, onTerminal } from '../support/terminal.ts';
import { MASK } from '../../electron/cli/run/mask.ts';
import { STRIPE, vaultWithKeys } from './support.ts';

let v: TestVault;
beforeAll(async () => {
  v = await vaultWithKeys();
});
afterAll(() => removeDir(v.dir));

const keyhold = (args: string[]) => [process.execPath, '--', BIN, ...args];
const ref = ['--env', 'K=keyhold:stripe/prod'];

describe.skipIf(!hasScript)('keyhold run on a terminal', () => {
  it('runs the program on a pseudo-terminal: isatty(1) holds and colours survive masking', async () => {
    const script = `console.log('isatty=' + process.stdout.isTTY + ' cols=' + process.stdout.columns); console.log('\\x1b[31mkey ' + process.env.K + '\\x1b[0m done')`;
    const s = onTerminal(keyhold(['run', ...ref, '--', process.execPath, '-e', script]), { ...v.env, TERM: 'xterm-256color' });
    const { code, screen } = await s.done;
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/isatty=true cols=\d+/);
    expect(screen).toContain(`\x1b[31mkey ${MASK}\x1b[0m done`);
    expect(screen).not.toContain(STRIPE);
  });

  it('falls back to pipes with a one-line notice when the PTY package cannot load, masking still on', async () => {
    const noPty = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'no-pty.mjs');
    const script = `console.log('isatty=' + process.stdout.isTTY); console.log('key ' + process.env.K)`;
    const s = onTerminal([process.execPath, '--import', noPty, '--', BIN, 'run', ...ref, '--', process.execPath, '-e', script], v.env);
    const { code, screen } = await s.done;
    expect(code, screen).toBe(0);
    expect(screen).toContain('no pseudo-terminal support here: the program runs on pipes');
    expect(screen).toMatch(/isatty=(false|undefined)/);
    expect(screen).toContain(`key ${MASK}`);
    expect(screen).not.toContain(STRIPE);
  });

  it('passes keys typed on the terminal to the program, Ctrl-C included', async () => {
    const script = `
      process.stdin.setRawMode?.(false);
      process.on('SIGINT', () => { console.log('child got SIGINT'); process.exit(5); });
      process.stdin.once('data', (d) => { console.log('read ' + String(d).trim()); console.log('waiting'); });
      console.log('ready');`;
    const s = onTerminal(keyhold(['run', ...ref, '--', process.execPath, '-e', script]), v.env);
    await s.answer('ready', 'hello\r');
    await s.answer('waiting', '\x03');
    const { code, screen } = await s.done;
    expect(screen).toContain('read hello');
    expect(screen).toContain('child got SIGINT');
    expect(code).toBe(5);
  });

  it('removes the --as-files folder after Ctrl-C', async () => {
    const script = `console.log('file=' + process.env.K_FILE + '='); setInterval(() => {}, 1000)`;
    const s = onTerminal(keyhold(['run', '--as-files', ...ref, '--', process.execPath, '-e', script]), { ...v.env, XDG_RUNTIME_DIR: v.dir });
    await s.answer('=', '\x03');
    const { code, screen } = await s.done;
    const file = /file=(\S+?)=/.exec(screen)![1]!;
    expect(file.startsWith(path.join(v.dir, 'keyhold-run-'))).toBe(true);
    expect(code).toBe(130);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });
});

interface TestPty {
  onData(cb: (d: string) => void): void;
  onExit(cb: (e: { exitCode: number }) => void): void;
  resize(cols: number, rows: number): void;
}
const ptyModule = (() => {
  try {
    return createRequire(import.meta.url)('@lydell/node-pty') as { spawn(file: string, args: string[], opts: object): TestPty };
  } catch {
    return null;
  }
})();

describe.skipIf(!ptyModule)('keyhold run under a resizable terminal', () => {
  it('passes window resizes on to the program', async () => {
    const script = `console.log('cols=' + process.stdout.columns + ';'); process.stdout.on('resize', () => { console.log('resized=' + process.stdout.columns + 'x' + process.stdout.rows + ';'); process.exit(0); }); setTimeout(() => process.exit(9), 50000)`;
    const term = ptyModule!.spawn(process.execPath, keyhold(['run', ...ref, '--', process.execPath, '-e', script]).slice(1), {
      cols: 80, rows: 24, cwd: v.dir, env: { PATH: process.env.PATH ?? '', ...v.env },
    });
    let screen = '';
    let resized = false;
    const code = await new Promise<number>((resolve) => {
      term.onData((d) => {
        screen += d;
        if (!resized && screen.includes('cols=80;')) {
          resized = true;
          term.resize(120, 40);
        }
      });
      term.onExit((e) => resolve(e.exitCode));
    });
    expect(screen, screen).toContain('resized=120x40;');
    expect(code).toBe(0);
  });
});

