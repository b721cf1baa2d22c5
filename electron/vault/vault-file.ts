// Creating and opening vault files. A new vault is built under a temporary name and linked into
// place; an existing one is checked to be a Keyhold vault before anything else reads it.
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateVaultOptions, VaultOptions } from './api.ts';
import { DEFAULT_KDF } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { randomKey } from './crypto.ts';
import { connect, mapStorageError, migrate, requireTables, type Db } from './db.ts';
import { kdfParamsSchema, parseInput, passwordSchema, requireStrongKdf } from './validate.ts';
import { readVaultId, writeNewHeader, type KeyWrapping } from './header.ts';
import { wrapVaultKey } from './key-wrap.ts';
import { close, startFirstSession } from './session.ts';
import { CredentialIndex } from './credential-index.ts';
import { Manifest } from './manifest.ts';
import type { VaultContext } from './context.ts';

/** Creates a new vault file (mode 0600, parent folders 0700) and returns its context, unlocked. */
export async function createVault(path: string, password: string, opts: CreateVaultOptions): Promise<VaultContext> {
  parseInput(passwordSchema, password, 'master password');
  const kdf = parseInput(kdfParamsSchema, opts.kdf ?? DEFAULT_KDF, 'Argon2 parameters');
  requireStrongKdf(kdf, opts.allowInsecureKdf);
  if (existsSync(path)) throw new KeyholdError('VAULT_EXISTS', `A vault already exists at ${path}`);
  const vaultKey = randomKey();
  const vaultId = randomUUID();
  let ctx: VaultContext | undefined;
  try {
    const wrapping = await wrapVaultKey(password, kdf, vaultId, () => vaultKey);
    writeNewFile(path, vaultId, wrapping, opts.clock ?? Date.now);
    ctx = openVault(path, opts);
    startFirstSession(ctx, vaultKey, opts.origin ?? { kind: 'desktop', command: 'create' }, kdf);
    return ctx;
  } catch (e) {
    // Whatever step failed, the new vault key does not outlive it in memory.
    if (ctx) close(ctx);
    vaultKey.fill(0);
    throw e;
  }
}

/**
 * Builds the file under a temporary name, then links it into place: a crash never leaves a
 * half-made vault, and link() refuses to overwrite a vault created meanwhile.
 */
function writeNewFile(path: string, vaultId: string, wrapping: KeyWrapping, clock: () => number): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    closeSync(openSync(tmp, 'wx', 0o600));
    const db = connect(tmp, { allowFresh: true });
    try {
      migrate(db, () => new Date(clock()).toISOString());
      db.transaction(() => writeNewHeader(db, vaultId, wrapping)).immediate();
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    try {
      linkSync(tmp, path);
    } catch (e) {
      if ((e as { code?: string }).code === 'EEXIST') throw new KeyholdError('VAULT_EXISTS', `A vault already exists at ${path}`);
      throw e;
    }
  } catch (e) {
    throw mapStorageError(e);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) {
      try {
        unlinkSync(f);
      } catch {
        // not there: fine
      }
    }
  }
}

/** Opens an existing vault (migrating its schema if older) and returns its context, locked. */
export function openVault(path: string, opts: VaultOptions): VaultContext {
  refuseNonVaultFile(path);
  const clock = opts.clock ?? Date.now;
  let db: Db | undefined;
  try {
    db = connect(path, { allowFresh: false });
    migrate(db, () => new Date(clock()).toISOString());
    requireTables(db);
    const vaultId = readVaultId(db);
    if (vaultId === null) throw new KeyholdError('INTEGRITY', 'This file is not a Keyhold vault, or its header is damaged.');
    return {
      db, vaultId, clock, index: new CredentialIndex(), manifest: new Manifest(), cachedDataVersion: -1, deferred: null, bulk: false,
      keys: null, sessionOrigin: null, closed: false, allowInsecureKdf: opts.allowInsecureKdf === true,
    };
  } catch (e) {
    db?.close();
    throw mapStorageError(e);
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Looks at the file before SQLite does, so nothing is ever written to a file that is not already a
 * Keyhold vault (SQLite would turn an empty file into a database), and each case gets words
 * instead of a SQLITE_ code: missing, a folder, a device such as /dev/null, empty, or not SQLite.
 */
function refuseNonVaultFile(path: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new KeyholdError('NO_VAULT', `No vault at ${path}`);
    throw mapStorageError(e);
  }
  const notVault = (why: string) => new KeyholdError('INTEGRITY', `${path} ${why}, not a Keyhold vault. Nothing was written to it.`);
  if (st.isDirectory()) throw notVault('is a folder');
  if (!st.isFile()) throw notVault('is a device or other special file');
  if (st.size === 0) throw notVault('is an empty file');
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch (e) {
    throw mapStorageError(e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!head.equals(SQLITE_MAGIC)) throw notVault('is some other kind of file');
}
