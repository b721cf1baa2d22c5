// Where the agent listens: one Unix socket per vault in a private folder, with a token file
// beside it. The folder is $XDG_RUNTIME_DIR/keyhold (a per-user tmpfs on systemd systems) or, when
// that is unset, keyhold-UID in the system temp folder. Either way it must be a real directory
// (not a symlink) owned by this user with no group or other permissions, or nothing is served.
// The kernel then refuses every other user at connect(); the token is a second, independent proof.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';

export interface AgentPaths {
  dir: string;
  /** The socket (a named pipe on Windows). */
  socket: string;
  /** 32 random bytes as hex, mode 0600: clients send it in `hello`. */
  token: string;
}

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

/** The private folder for this user's agents (not created). */
export function agentDir(env: NodeJS.ProcessEnv): string {
  if (env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)) return path.join(env.XDG_RUNTIME_DIR, 'keyhold');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? os.tmpdir(), 'Keyhold', 'agent');
  return path.join(os.tmpdir(), `keyhold-${uid()}`);
}

/** The same vault reached through a symlink or a relative path gets the same socket. */
function canonical(vaultPath: string): string {
  const abs = path.resolve(vaultPath);
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs;
  }
}

/**
 * 64-bit FNV-1a of the path's UTF-8 bytes, as 16 hex digits: a short, stable socket name per vault.
 * Not a secret and not a security boundary (the folder is private and the token proves the agent),
 * so no cryptographic hash: loading node:crypto would cost every `keyhold get` about 3 ms.
 */
function pathKey(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

export function agentPaths(vaultPath: string, env: NodeJS.ProcessEnv): AgentPaths {
  const dir = agentDir(env);
  const key = pathKey(canonical(vaultPath));
  const socket = process.platform === 'win32' ? `\\\\.\\pipe\\keyhold-${os.userInfo().username}-${key}` : path.join(dir, `${key}.sock`);
  return { dir, socket, token: path.join(dir, `${key}.token`) };
}

/**
 * Throws IO unless `dir` is a directory, not a symlink, owned by this user, mode 0700 or stricter.
 * Someone who could create or open it first could otherwise listen in place of the agent.
 */
export function checkPrivateDir(dir: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    throw new KeyholdError('IO', `The agent folder ${dir} does not exist.`);
  }
  if (!st.isDirectory()) throw new KeyholdError('IO', `The agent folder ${dir} is not a directory (a symlink or file is refused).`);
  if (process.platform === 'win32') return;
  if (st.uid !== uid()) throw new KeyholdError('IO', `The agent folder ${dir} belongs to another user (uid ${st.uid}): refusing to use it.`);
  if ((st.mode & 0o077) !== 0) {
    throw new KeyholdError('IO', `The agent folder ${dir} is open to other users (mode ${(st.mode & 0o777).toString(8)}): it must be 0700.`);
  }
}

/** Creates the folder 0700 if needed (parents of a fallback folder are not ours to create), then checks it. */
export function ensurePrivateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new KeyholdError('IO', `Cannot create the agent folder ${dir}: ${(e as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  checkPrivateDir(dir);
}

/** A new token file (replaces an old one). */
export function writeToken(file: string): string {
  // Web Crypto's CSPRNG (the same source as node:crypto), which loads only when used: clients
  // import this module on every call and must not pay for node:crypto.
  const token = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32))).toString('hex');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, token, { mode: 0o600, flag: 'wx' });
  fs.renameSync(tmp, file);
  return token;
}

/** The token, or null when it is missing or malformed (no agent, or one being replaced). */
export function readToken(file: string): string | null {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return /^[0-9a-f]{64}$/.test(text) ? text : null;
  } catch {
    return null;
  }
}
