// The import plan: what happens to each parsed entry (imported, renamed on a name clash,
// skipped, rejected with the reason), decided before anything is written, so the preview and
// the import are the same thing. Values stay inside the plan and are never part of a row's text.
import { credentialInputSchema, type CredentialInput, type Environment } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import type { ImportItem, VaultApi } from '../vault/api.ts';
import type { OriginInfo } from '../../shared/model.ts';
import { hasDeceptiveChars } from '../../shared/text.ts';
import { label } from './errors.ts';
import type { Left, ParsedEntry, ParsedFile } from './types.ts';

import { CLASH_MODES, type ClashMode } from './names.ts';
export { CLASH_MODES, type ClashMode };

export interface PlanOptions {
  onClash: ClashMode;
  /** Added to every entry's tags. */
  tags?: string[];
  /** Replaces every entry's environment. */
  environment?: Environment;
  /** Prepended as `PREFIX/` to names (dotenv applies its own prefix when parsing). */
  namePrefix?: string;
}

export type PlanAction = 'import' | 'rename' | 'skip' | 'reject';

export interface PlanRow {
  file: string;
  where: string;
  /** The name in the file (after prefixing). */
  name: string;
  /** The name it gets in the vault (differs after a rename); empty for skip/reject without one. */
  target: string;
  action: PlanAction;
  reason?: string;
  service: string;
  environment: Environment;
  tags: string[];
  /** The name was taken in the vault or earlier in this import. */
  clash: boolean;
  /** Only for import/rename rows; never shown. */
  item?: ImportItem;
}

export interface ImportPlan {
  rows: PlanRow[];
  /** True when --on-clash fail and some name is taken: nothing may be imported. */
  blocked: boolean;
}

function renamed(name: string, taken: (n: string) => boolean): string {
  for (let i = 2; ; i++) {
    const candidate = `${name} (${i})`;
    if (!taken(candidate)) return candidate;
  }
}

/** `takenNames` are the vault's names (active and trash: names are unique across both). */
export function buildPlan(files: { file: string; parsed: ParsedFile }[], takenNames: Iterable<string>, opts: PlanOptions): ImportPlan {
  const taken = new Set([...takenNames].map((n) => n.normalize('NFC')));
  const rows: PlanRow[] = [];
  for (const { file, parsed } of files) {
    for (const entry of parsed.entries) rows.push(planEntry(file, entry, taken, opts));
    for (const left of parsed.skipped) rows.push(leftRow(file, left));
  }
  return { rows, blocked: opts.onClash === 'fail' && rows.some((r) => r.clash) };
}

function leftRow(file: string, left: Left): PlanRow {
  return { file, where: left.where, name: left.name ?? '', target: '', action: 'skip', reason: left.reason, service: '', environment: 'other', tags: [], clash: false };
}

function planEntry(file: string, e: ParsedEntry, taken: Set<string>, opts: PlanOptions): PlanRow {
  // Names are stored in NFC (vault/names.ts): compare and import them in that form.
  const name = (opts.namePrefix ? `${opts.namePrefix}/${e.name}` : e.name).normalize('NFC');
  const tags = [...new Set([...(e.tags ?? []), ...(opts.tags ?? [])])];
  const environment = opts.environment ?? e.environment ?? 'other';
  const input: CredentialInput = { name, service: e.service ?? '', environment, tags, notes: e.notes ?? '', expiresAt: e.expiresAt ?? null };
  const row: PlanRow = { file, where: e.where, name, target: name, action: 'import', service: input.service ?? '', environment, tags, clash: false };
  const checked = credentialInputSchema.safeParse(input);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ...row, target: '', action: 'reject', reason: `${issue?.path.join('.') || 'entry'}: ${issue?.message ?? 'invalid'}` };
  }
  if (hasDeceptiveChars(name)) return { ...row, target: '', action: 'reject', reason: 'the name has an invisible or text-direction character' };
  if (e.value.length > 64 * 1024) return { ...row, target: '', action: 'reject', reason: 'the value is longer than 64 KiB' };
  if (e.history?.some((h) => h.value.length > 64 * 1024)) return { ...row, target: '', action: 'reject', reason: 'a previous value is longer than 64 KiB' };
  if (taken.has(name)) {
    row.clash = true;
    if (opts.onClash === 'skip') return { ...row, target: '', action: 'skip', reason: 'name already taken' };
    if (opts.onClash === 'rename') {
      row.target = renamed(name, (n) => taken.has(n));
      row.action = 'rename';
      if (row.target.length > 200) return { ...row, target: '', action: 'reject', reason: 'name taken, and too long to rename' };
      row.reason = 'name already taken';
    } else {
      row.action = 'reject';
      row.reason = 'name already taken (--on-clash fail)';
    }
  }
  if (row.action !== 'reject') {
    taken.add(row.target);
    const item: ImportItem = { input: { ...checked.data, name: row.target }, value: e.value };
    if (e.history?.length) item.history = e.history.slice(-100);
    if (e.createdAt) item.createdAt = e.createdAt;
    if (e.valueUpdatedAt) item.valueUpdatedAt = e.valueUpdatedAt;
    row.item = item;
  }
  return row;
}

export interface ImportReport {
  imported: { name: string; from: string }[];
  renamed: { from: string; to: string; file: string }[];
  skipped: { name: string; where: string; file: string; reason: string }[];
  rejected: { name: string; where: string; file: string; reason: string }[];
}

export function reportOf(plan: ImportPlan): ImportReport {
  const r: ImportReport = { imported: [], renamed: [], skipped: [], rejected: [] };
  for (const row of plan.rows) {
    if (row.action === 'import' || row.action === 'rename') r.imported.push({ name: row.target, from: row.file });
    if (row.action === 'rename') r.renamed.push({ from: row.name, to: row.target, file: row.file });
    if (row.action === 'skip') r.skipped.push({ name: row.name, where: row.where, file: row.file, reason: row.reason ?? '' });
    if (row.action === 'reject') r.rejected.push({ name: row.name, where: row.where, file: row.file, reason: row.reason ?? '' });
  }
  return r;
}

/** Writes every import/rename row in one transaction; refuses a blocked plan whole. */
export function applyPlan(vault: Pick<VaultApi, 'importMany'>, plan: ImportPlan, source: string, origin: OriginInfo): ImportReport {
  if (plan.blocked) {
    const names = plan.rows.filter((r) => r.clash).map((r) => `'${label(r.name)}'`);
    throw new KeyholdError('ALREADY_EXISTS', `${names.length} name${names.length === 1 ? ' is' : 's are'} already taken (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', ...' : ''}), and --on-clash is fail. Nothing was imported.`);
  }
  const items = plan.rows.filter((r) => r.item).map((r) => r.item!);
  if (items.length) vault.importMany(items, source, origin);
  return reportOf(plan);
}
