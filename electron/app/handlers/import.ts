// import.*: the desktop Import wizard. The file is chosen through main's dialog and read here
// (size-checked); its parsed entries stay in main under a token (app.sessions). The renderer
// gets only previews without values, sends back its edits, and the import runs as one transaction.
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import type { OpOutput } from '../../../shared/contract.ts';
import {
  applyPlan, buildPlan, detectFormat, parseColumnMap, parseImport, passwordNeeded, readImportFile,
  type ImportFormat, type ImportPlan, type ParsedFile,
} from '../../import/index.ts';
import type { Handlers } from '../context.ts';
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

export const importHandlers: Handlers<'import.choose' | 'import.preview' | 'import.apply'> = {
  'import.choose': async (_in, app) => {
    app.vault(); // LOCKED before any dialog
    const file = await app.platform.chooseOpenFile({ title: 'Import credentials', extensions: ['env', 'kdbx', 'json', '1pux', 'csv', '*'] });
    if (file === null) throw new KeyholdError('CANCELLED', 'Import was cancelled.');
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
