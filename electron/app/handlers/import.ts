// import.*: the desktop Import wizard. The file is chosen through main's dialog (or dropped on the
// window: only its path crosses, from the preload) and read here
// (size-checked); its parsed entries stay in main under a token (app.sessions). The renderer
// gets only previews without values, sends back its edits, and the import runs as one transaction.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import type { OpOutput } from '../../../shared/contract.ts';
import {
  applyPlan, buildPlan, detectFormat, parseColumnMap, parseImport, passwordNeeded, readImportFile,
  type ImportFormat, type ImportPlan, type ParsedFile,
} from '../../import/index.ts';
import { label } from '../../import/errors.ts';
import type { AppContext, Handlers } from '../context.ts';
import type { SessionItem } from '../sessions.ts';

class ImportSession implements SessionItem {
  readonly kind = 'import';
  parsed: ParsedFile | null = null;
  readonly file: string;
  bytes: Buffer | null;
  readonly format: ImportFormat;
  constructor(file: string, bytes: Buffer, format: ImportFormat) {
    this.file = file;
    this.bytes = bytes;
    this.format = format;
  }
  dispose(): void {
    this.bytes?.fill(0);
    this.bytes = null;
    this.parsed = null;
  }
}

const isImport = (x: SessionItem): x is ImportSession => x instanceof ImportSession;

function rowsOf(plan: ImportPlan, parsed: ParsedFile): OpOutput<'import.preview'>['rows'] {
  let next = 0;
  return plan.rows.map((r) => {
    // buildPlan lists the entries in file order first, then what was left out.
    const index = next < parsed.entries.length ? next++ : -1;
    return {
      index, where: r.where, name: r.name, target: r.target, action: r.action, reason: r.reason ?? null,
      service: r.service, environment: r.environment, tags: r.tags, clash: r.clash,
    };
  });
}

/** Reads (size-checked) and recognises the file, and keeps it in main under a new token. */
function openImport(file: string, app: AppContext): OpOutput<'import.choose'> {
  const bytes = readImportFile(file);
  let format: ImportFormat;
  try {
    format = detectFormat(bytes, file);
  } catch (e) {
    bytes.fill(0);
    throw e;
  }
  const token = app.sessions.add(new ImportSession(file, bytes, format));
  return { token, fileName: path.basename(file), format, needsPassword: passwordNeeded(bytes, format) };
}

/**
 * What a drop may name: an existing regular file given by its absolute path. Checked with stat
 * before the file is opened, so a dropped FIFO or device never blocks main in open().
 */
function checkDroppedPath(file: string): void {
  if (file === '') throw new KeyholdError('INVALID_INPUT', 'What was dropped is not a file on this computer. Drop a file from a folder, or use Choose file….');
  if (!path.isAbsolute(file) || file.includes('\0')) throw new KeyholdError('INVALID_INPUT', 'The dropped file has no usable path. Use Choose file… instead.');
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new KeyholdError('NOT_FOUND', `${label(path.basename(file))} is no longer there (moved or deleted?). Nothing was imported.`);
    if (code === 'EACCES' || code === 'EPERM') throw new KeyholdError('IO', `Keyhold may not read ${label(path.basename(file))} (permission denied). Nothing was imported.`);
    throw new KeyholdError('IO', `Cannot read ${label(path.basename(file))} (${code ?? 'error'}). Nothing was imported.`);
  }
  if (st.isDirectory()) throw new KeyholdError('INVALID_INPUT', `${label(path.basename(file))} is a folder. Drop one file from it (a .env, .kdbx, .json, .1pux or .csv).`);
  if (!st.isFile()) throw new KeyholdError('INVALID_INPUT', `${label(path.basename(file))} is not a regular file (a pipe, socket or device). Drop an export file.`);
}

export const importHandlers: Handlers<'import.choose' | 'import.drop' | 'import.preview' | 'import.apply'> = {
  'import.choose': async (_in, app) => {
    app.vault(); // LOCKED before any dialog
    const file = await app.platform.chooseOpenFile({ title: 'Import credentials', extensions: ['env', 'kdbx', 'json', '1pux', 'csv', '*'] });
    if (file === null) throw new KeyholdError('CANCELLED', 'Import was cancelled.');
    return openImport(file, app);
  },

  'import.drop': ({ path: file }, app) => {
    app.vault();
    checkDroppedPath(file);
    return openImport(file, app);
  },

  'import.preview': async ({ token, onClash, password, prefix, csvMap }, app) => {
    const vault = app.vault();
    const s = app.sessions.get(token, isImport);
    if (!s) throw new KeyholdError('NOT_FOUND', 'This import is no longer open (the vault was locked). Choose the file again.');
    if (!s.parsed) {
      if (!s.bytes) throw new KeyholdError('NOT_FOUND', 'This import is no longer open. Choose the file again.');
      s.parsed = await parseImport(s.bytes, s.file, {
        format: s.format,
        ...(prefix !== undefined ? { prefix } : {}),
        ...(csvMap ? { csvMap: parseColumnMap(csvMap) } : {}),
        ...(password !== undefined ? { password: async () => password } : {}),
      });
      s.bytes.fill(0);
      s.bytes = null;
    }
    const plan = buildPlan([{ file: path.basename(s.file), parsed: s.parsed }], vault.list({ scope: 'all' }).map((m) => m.name), { onClash });
    return { rows: rowsOf(plan, s.parsed), blocked: plan.blocked };
  },

  'import.apply': ({ token, onClash, rows }, app, origin) => {
    const vault = app.vault();
    const s = app.sessions.get(token, isImport);
    if (!s?.parsed) throw new KeyholdError('NOT_FOUND', 'This import is no longer open (the vault was locked). Choose the file again.');
    const parsed = s.parsed;
    const edits = new Map(rows.map((r) => [r.index, r]));
    const entries = parsed.entries.flatMap((e, i) => {
      const edit = edits.get(i);
      if (edit && !edit.include) return [];
      return [edit ? { ...e, name: edit.name, environment: edit.environment, tags: edit.tags } : e];
    });
    const excluded = parsed.entries.length - entries.length;
    const plan = buildPlan([{ file: path.basename(s.file), parsed: { ...parsed, entries } }], vault.list({ scope: 'all' }).map((m) => m.name), { onClash });
    const report = applyPlan(vault, plan, `${s.format} file ${path.basename(s.file)}`.slice(0, 900), origin);
    app.sessions.delete(token);
    return {
      imported: report.imported.map((x) => x.name),
      renamed: report.renamed.map((x) => ({ from: x.from, to: x.to })),
      skipped: [...report.skipped.map((x) => ({ name: x.name, reason: x.reason })), ...(excluded ? [{ name: `${excluded} entr${excluded === 1 ? 'y' : 'ies'}`, reason: 'left out in the preview' }] : [])],
      rejected: report.rejected.map((x) => ({ name: x.name, reason: x.reason })),
    };
  },
};
