// Runs the real `keyhold` command (bin/keyhold.js under this Node) against real vault files.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'keyhold.js');
export const PASSWORD = 'correct horse battery staple';
/** Low Argon2 settings: tests stay fast; the defaults are covered by the vault core's tests. */
export const FAST_KDF = ['--argon2-memory', '1024', '--argon2-passes', '1', '--argon2-parallelism', '1', '--insecure-kdf'];

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** stdin: text, or raw bytes (e.g. invalid UTF-8). */
  input?: string | Buffer;
  /** Working folder of the CLI (default: the test's). */
  cwd?: string;
  /** A command that runs the CLI, e.g. ['faketime', '-f', '+25h'] (default: none). */
  wrapper?: string[];
}

/**
 * Spawns the CLI in its own session (detached), so it has no controlling terminal: nothing can
 * fall back to prompting on /dev/tty, like in CI. stdin gets `input` (or is closed at once).
 */
export function run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ PATH: process.env.PATH, ...opts.env })) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const [command, ...prefix] = [...(opts.wrapper ?? []), process.execPath];
    const child = spawn(command!, [...prefix, '--', BIN, ...args], { env, ...(opts.cwd ? { cwd: opts.cwd } : {}), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading stdin
    child.stdin.end(opts.input ?? '');
  });
}

export interface TestVault {
  dir: string;
  vault: string;
  passwordFile: string;
  /** Environment that points the CLI at this vault with the right password. */
  env: Record<string, string>;
  /** Runs the CLI against this vault. */
  kh(args: string[], opts?: RunOptions): Promise<RunResult>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-cli-'));
}

/** A fresh vault made by `keyhold init` in a temp folder. */
export async function makeVault(): Promise<TestVault> {
  const dir = tempDir();
  const vault = path.join(dir, 'test.keyhold');
  const passwordFile = path.join(dir, 'password');
  fs.writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o600 });
  // HOME and XDG_CONFIG_HOME point into the temp folder so nothing can touch a real vault.
  const env = { HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), KEYHOLD_VAULT: vault, KEYHOLD_PASSWORD_FILE: passwordFile };
  const kh = (args: string[], opts: RunOptions = {}) => run(args, { ...opts, env: { ...env, ...opts.env } });
  const r = await kh(['init', ...FAST_KDF]);
  if (r.code !== 0) throw new Error(`init failed (${r.code}): ${r.stderr}`);
  return { dir, vault, passwordFile, env, kh };
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
