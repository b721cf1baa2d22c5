// Helpers for the run/inject/export tests: a vault with a few credentials, and a way to start
// the real CLI and signal it while it runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, makeVault, type TestVault } from '../cli/helpers.ts';

export const STRIPE = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
export const GITHUB = 'ghp_R2d2C3poBB8Luke"Skywalker$#\\x';

/** The test vaults' cheap Argon2 settings earn a warning on every unlock; these tests check the rest of stderr. */
const WEAK_KDF_WARNING = /^warning: this vault's Argon2 settings .*\n/gm;

/** A vault holding stripe/prod (service Stripe) and github/ci; kh() leaves out the weak-Argon2 warning. */
export async function vaultWithKeys(): Promise<TestVault> {
  const raw = await makeVault();
  const v: TestVault = {
    ...raw,
    kh: async (args, opts) => {
      const r = await raw.kh(args, opts);
      return { ...r, stderr: r.stderr.replace(WEAK_KDF_WARNING, '') };
    },
  };
  for (const [name, value, extra] of [['stripe/prod', STRIPE, ['--service', 'Stripe', '--env', 'prod']], ['github/ci', GITHUB, []]] as const) {
    const r = await v.kh(['add', name, '--value-stdin', ...extra], { input: value });
    if (r.code !== 0) throw new Error(`add ${name}: ${r.stderr}`);
  }
  return v;
}

export function writeFile(v: TestVault, name: string, text: string): string {
  const file = path.join(v.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

export interface Started {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI (in its own session, without a terminal) and lets the test talk to it. */
export function start(v: TestVault, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, ['--', BIN, ...args], {
    cwd: v.dir,
    env: { PATH: process.env.PATH ?? '', ...v.env, ...env },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of [...waiters]) w();
      resolve({ code, signal });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    done,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(text)) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            reject(new Error(`exited before printing ${JSON.stringify(text)}; stdout: ${out}; stderr: ${err}`));
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` holds, for up to `ms` (sized for a loaded machine). */
export async function eventually(check: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
