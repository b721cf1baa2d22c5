// The two native packages the vault runs on, loaded with require(). Both are CommonJS: imported as
// ES modules, Node would first scan their sources for export names, about 6 ms that every CLI
// command opening the vault file would pay.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type * as Argon2 from '@node-rs/argon2';

// Not named `require`: bundles of the desktop app declare one of their own at the top level.
const requireNative = createRequire(import.meta.url);

/** better-sqlite3's Database constructor. */
export const SqliteDatabase = requireNative('better-sqlite3') as typeof BetterSqlite3;
export const { hashRaw } = requireNative('@node-rs/argon2') as typeof Argon2;
