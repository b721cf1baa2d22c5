// `keyhold run --as-files`: values handed over as files instead of environment variables (which
// the same user can read in /proc/PID/environ). One private folder per run, on a RAM-backed file
// system where there is one, plain files (readable any number of times, unlike a FIFO), removed
// when the run ends. A folder's name carries the pid of the keyhold that made it, so the next run
// can remove folders whose keyhold was killed (kill -9 gives no chance to clean up).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';

const PREFIX = 'keyhold-run-';

/** Where the folders go: $XDG_RUNTIME_DIR (per-user tmpfs), /dev/shm (tmpfs), else the temp folder. */
export function secretFilesBase(env: NodeJS.ProcessEnv): string {
  const uid = process.getuid?.();
  const candidates = [env.XDG_RUNTIME_DIR, process.platform === 'linux' ? '/dev/shm' : undefined, os.tmpdir()];
  for (const dir of candidates) {
    if (!dir || !path.isAbsolute(dir)) continue;
    try {
      const st = fs.statSync(dir);
      if (!st.isDirectory()) continue;
      // $XDG_RUNTIME_DIR must be ours; shared folders (/dev/shm, /tmp) must be sticky.
      if (dir === env.XDG_RUNTIME_DIR && uid !== undefined && st.uid !== uid) continue;
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
      return dir;
    } catch {
      continue;
    }
  }
  return os.tmpdir();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Overwrites each file with zeros, then removes the folder. Never throws. */
export function removeSecretFolder(dir: string): void {
  try {
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      try {
        const st = fs.lstatSync(file);
        if (st.isFile()) fs.writeFileSync(file, Buffer.alloc(st.size));
      } catch {
        // removed below either way
      }
    }
  } catch {
    // folder already gone
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Removes folders left by a keyhold that no longer runs (ours only). Returns how many. */
export function removeStaleFolders(base: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(base);
  } catch {
    return 0;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m) continue;
    const dir = path.join(base, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
    } catch {
      continue;
    }
    if (isAlive(Number(m[1]))) continue;
    removeSecretFolder(dir);
    removed++;
  }
  return removed;
}

export interface SecretFolder {
  dir: string;
  /** Writes one value (0600) and returns its path. */
  add(variable: string, value: string): string;
  remove(): void;
}

/** A new private folder (0700) under base. */
export function createSecretFolder(base: string): SecretFolder {
  const dir = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  fs.chmodSync(dir, 0o700);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    removeSecretFolder(dir);
  };
  // The last chance on an unexpected exit (the normal path removes it after the child ends).
  process.once('exit', remove);
  return {
    dir,
    add(variable, value) {
      if (variable === '.' || variable === '..' || variable.includes('/') || variable.includes('\\')) {
        throw new KeyholdError('INVALID_INPUT', `${variable}: this variable name cannot be a file name`);
      }
      const file = path.join(dir, variable);
      const bytes = Buffer.from(value, 'utf8');
      try {
        fs.writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
      } finally {
        bytes.fill(0);
      }
      return file;
    },
    remove,
  };
}
