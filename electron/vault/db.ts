// SQLite storage of a vault: connection settings, schema migrations, meta rows and the mapping
// of file-system failures to KeyholdError. Only opaque sealed blobs and plaintext ids/kinds/
// counters/KDF parameters pass through here.
import type Database from 'better-sqlite3';
import { SqliteDatabase } from './natives.ts';
import { KeyholdError } from '../../shared/errors.ts';

export type Db = Database.Database;

const cache = new WeakMap<Db, Map<string, Database.Statement>>();
/** Prepared statements are reused per connection: preparing one per call costs time and memory. */
export function stmt(db: Db, sql: string): Database.Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** PRAGMA application_id: "KHLD". Marks the file as a Keyhold vault. */
export const APPLICATION_ID = 0x4b484c44;
export const SCHEMA_VERSION = 3;

/**
 * The SQL of each schema version, by number. Version 2's data (the name index and the sealed
 * manifest) needs the vault key, so upgrading an existing vault happens at its first unlock
 * (upgrade.ts), all versions in one transaction; a new file gets every version's tables here.
 * Version 3 adds the table of derived sealed snapshots (value-snapshot.ts), empty until used.
 */
export const MIGRATION_SQL: Record<number, string> = {
  1: `CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;
   CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT NOT NULL, version INTEGER NOT NULL, blob BLOB NOT NULL) STRICT;
   CREATE INDEX records_kind ON records(kind);
   CREATE TABLE audit (seq INTEGER PRIMARY KEY, blob BLOB NOT NULL, mac BLOB NOT NULL) STRICT;`,
  2: `ALTER TABLE records ADD COLUMN name_hash BLOB;
   CREATE UNIQUE INDEX records_name_hash ON records(name_hash) WHERE name_hash IS NOT NULL;
   CREATE TABLE manifest (bucket TEXT PRIMARY KEY, version INTEGER NOT NULL, blob BLOB NOT NULL) STRICT;`,
  3: 'CREATE TABLE snapshots (name TEXT PRIMARY KEY, blob BLOB NOT NULL) STRICT;',
};

/** The oldest schema this build upgrades (at unlock); older ones do not exist. */
const FIRST_KEYED_UPGRADE = 1;

/**
 * Opens the file and checks that it is a Keyhold vault (or, with `allowFresh`, the empty file
 * being made into one) before changing any setting, so a foreign SQLite file is never converted
 * to WAL or given a schema.
 */
export function connect(path: string, opts: { allowFresh: boolean }): Db {
  const db = new SqliteDatabase(path, { fileMustExist: true, timeout: 10_000 });
  try {
    const appId = applicationId(db);
    const fresh = opts.allowFresh && appId === 0 && userVersion(db) === 0 && (db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number }).n === 0;
    if (appId !== APPLICATION_ID && !fresh) throw new KeyholdError('INTEGRITY', 'This file is not a Keyhold vault.');
    db.pragma('journal_mode = WAL');
    // FULL: in WAL mode this fsyncs the WAL at every commit, so a committed action survives a
    // power cut too, not only a killed process. Writes are one small transaction per user action.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted and overwritten rows (a purged credential, a rotated value's old ciphertext) are
    // overwritten with zeros in the file instead of lingering in free pages.
    db.pragma('secure_delete = ON');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function applicationId(db: Db): number {
  return db.pragma('application_id', { simple: true }) as number;
}

/**
 * Creates the tables of a new, empty file; throws UNSUPPORTED_VERSION when the file is newer than
 * this build. An older vault is left as it is: it is upgraded at unlock (needsKeyedUpgrade).
 */
export function migrate(db: Db, now: () => string): void {
  const current = userVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new KeyholdError('UNSUPPORTED_VERSION', `This vault uses format version ${current}; this Keyhold supports up to ${SCHEMA_VERSION}. Update Keyhold.`);
  }
  if (current !== 0) return;
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    for (let v = 1; v <= SCHEMA_VERSION; v++) applyMigrationSql(db, v, now);
  }).immediate();
}

/** Runs one version's SQL and records it; call inside a transaction. */
export function applyMigrationSql(db: Db, version: number, now: () => string): void {
  db.exec(MIGRATION_SQL[version] as string);
  db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(version, now());
  db.pragma(`user_version = ${version}`);
}

/**
 * Copies the WAL into the main file and empties it, so WAL frames that still hold deleted rows
 * (a purged credential, old ciphertexts) leave the disk now. Best effort: while another connection
 * reads, the frames stay until the WAL is next reused.
 */
export function truncateWal(db: Db): void {
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // another connection holds the WAL: its frames are overwritten when it restarts
  }
}

/** The tables each schema version adds that a vault cannot work without (snapshots are derived data: see hasTable). */
const REQUIRED_TABLES: Record<number, string[]> = { 1: ['meta', 'records', 'audit', 'migrations'], 2: ['manifest'] };

/** Whether the file has this table. */
export function hasTable(db: Db, name: string): boolean {
  return stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** INTEGRITY when a table the file's schema version needs was dropped (instead of an internal error later). */
export function requireTables(db: Db): void {
  const version = userVersion(db);
  const missing = Object.entries(REQUIRED_TABLES).filter(([v]) => Number(v) <= version).flatMap(([, names]) => names).filter((name) => !hasTable(db, name));
  if (missing.length > 0) {
    throw new KeyholdError('INTEGRITY', `The vault file is damaged: its ${missing.join(', ')} table${missing.length === 1 ? ' is' : 's are'} missing. Restore a backup.`);
  }
}

/** True when the file is an older vault that its first unlock upgrades. */
export function needsKeyedUpgrade(db: Db): boolean {
  const v = userVersion(db);
  return v >= FIRST_KEYED_UPGRADE && v < SCHEMA_VERSION;
}

export function getMeta(db: Db, key: string): Buffer | undefined {
  const row = stmt(db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: Buffer | string } | undefined;
  if (!row) return undefined;
  return Buffer.isBuffer(row.value) ? row.value : Buffer.from(row.value, 'utf8');
}

export function getMetaText(db: Db, key: string): string | undefined {
  return getMeta(db, key)?.toString('utf8');
}

export function setMeta(db: Db, key: string, value: Buffer | string): void {
  const v = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  stmt(db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, v);
}

const IO_SQLITE = /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|PERM|BUSY|LOCKED|NOMEM)/;
const IO_ERRNO = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE']);

/** A storage failure in words (the raw SQLITE_/errno code means nothing to most people). */
function ioProblem(code: string): string {
  if (code.startsWith('SQLITE_CANTOPEN')) return 'The vault file could not be opened: its folder may be missing, or it is not a file you can open';
  if (code.startsWith('SQLITE_NOMEM')) return 'Keyhold ran out of memory';
  if (code === 'EMFILE' || code === 'ENFILE') return 'Too many files are open on this computer; close some programs and try again';
  return 'The disk reported a read or write error';
}

/** Turns storage failures into typed errors with a message that carries no data. */
export function mapStorageError(e: unknown): unknown {
  if (e instanceof KeyholdError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new KeyholdError('INTEGRITY', 'The vault file is damaged or is not a Keyhold vault.');
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new KeyholdError('IO', 'The disk is full: the change was not saved and the vault is unchanged.');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new KeyholdError('IO', 'The vault is busy in another Keyhold process; try again.');
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new KeyholdError('IO', 'Permission denied: the vault file or its folder is not writable. Nothing was changed.');
  }
  if (IO_SQLITE.test(code) || IO_ERRNO.has(code)) {
    return new KeyholdError('IO', `${ioProblem(code)}. Nothing was changed.`);
  }
  return e;
}
