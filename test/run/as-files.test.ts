// keyhold run --as-files / --as-file: private folder, files 0600, readable many times, removed
// after a normal exit, after Ctrl-C (SIGINT), and at the next run after kill -9 of keyhold.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, type TestVault } from '../cli/helpers.ts';
import { alive, eventually, GITHUB, start, STRIPE, vaultWithKeys } from './support.ts';

let v: TestVault;
let runtime: string;
let env: Record<string, string>;

beforeAll(async () => {
  v = await vaultWithKeys();
  // A base of our own (on the RAM-backed /dev/shm where there is one), as $XDG_RUNTIME_DIR is.
  runtime = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'keyhold-test-runtime-'));
  fs.chmodSync(runtime, 0o700);
  env = { XDG_RUNTIME_DIR: runtime };
});
afterAll(() => {
  removeDir(v.dir);
  removeDir(runtime);
});

const refs = ['--env', 'K=keyhold:stripe/prod', '--env', 'G=keyhold:github/ci'];

describe('keyhold run --as-files', () => {
  it('gives VAR_FILE paths to 0600 files in a 0700 folder, readable twice, removed after exit', async () => {
    const script = 'printf "%s %s\\n" "${K-unset}" "${G-unset}"; stat -c "%a" "$(dirname "$K_FILE")" "$K_FILE" "$G_FILE"; cat "$K_FILE"; echo; cat "$K_FILE"; echo; cat "$G_FILE"; echo; echo "$K_FILE"';
    const r = await v.kh(['run', '--no-masking', '--as-files', ...refs, '--', 'bash', '-c', script], { env });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 7)).toEqual(['unset unset', '700', '600', '600', STRIPE, STRIPE, GITHUB]);
    const file = lines[7]!;
    expect(file.startsWith(`${runtime}/keyhold-run-`)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it('--as-file VAR puts only that variable in a file; the output is still masked', async () => {
    const r = await v.kh(['run', '--as-file', 'K', ...refs, '--', 'bash', '-c', 'cat "$K_FILE"; echo " ${K-unset} $G"'], { env });
    expect(r.stdout).toBe('<concealed by keyhold> unset <concealed by keyhold>\n');
    const bad = await v.kh(['run', '--as-file', 'NOPE', ...refs, '--', 'true'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-file NOPE: no reference sets NOPE');
  });

  it('removes the folder when keyhold gets Ctrl-C (SIGINT) while the program runs', async () => {
    const s = start(v, ['run', '--no-masking', '--as-files', ...refs, '--', process.execPath, '-e', 'console.log("ready " + process.env.K_FILE); setInterval(() => {}, 1000)'], env);
    await s.waitFor('ready');
    const file = /ready (\S+)/.exec(s.stdout())![1]!;
    expect(fs.readFileSync(file, 'utf8')).toBe(STRIPE);
    process.kill(s.child.pid!, 'SIGINT');
    const { code } = await s.done;
    expect(code).toBe(130);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it('removes a folder left by a keyhold killed with kill -9 at the next run', async () => {
    const s = start(v, ['run', '--no-masking', '--as-files', ...refs, '--', 'bash', '-c', 'echo "ready $$ $K_FILE"; exec sleep 60'], env);
    await s.waitFor('ready');
    const [, childPid, file] = /ready (\d+) (\S+)/.exec(s.stdout())!;
    process.kill(s.child.pid!, 'SIGKILL');
    await eventually(() => !alive(s.child.pid!));
    process.kill(Number(childPid), 'SIGKILL');
    await s.done;
    expect(fs.existsSync(file!)).toBe(true);
    const next = await v.kh(['run', '--as-files', ...refs, '--', 'true'], { env });
    expect(next.code).toBe(0);
    expect(fs.existsSync(path.dirname(file!))).toBe(false);
  });
});
