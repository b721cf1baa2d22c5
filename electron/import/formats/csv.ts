// CSV with a header row. A column mapping (`name=Title,value=Password,...`) says which column
// holds which field; without one, columns named like the fields (name/title, value/password,
// service/url, tags/group, notes, environment/env, expires) are used.
import { parse } from 'csv-parse/sync';
import { ENVIRONMENTS, LIMITS, type Environment } from '../../../shared/model.ts';
import { KeyholdError } from '../../../shared/errors.ts';
import { badFile, label } from '../errors.ts';
import type { Left, ParsedEntry, ParsedFile } from '../types.ts';

export const CSV_FIELDS = ['name', 'value', 'service', 'environment', 'tags', 'notes', 'expires'] as const;
type CsvField = (typeof CSV_FIELDS)[number];
export type ColumnMap = Partial<Record<CsvField, string>>;

const GUESSES: Record<CsvField, string[]> = {
  name: ['name', 'title'],
  value: ['value', 'password', 'secret', 'key', 'token'],
  service: ['service', 'url', 'website', 'login_uri'],
  environment: ['environment', 'env'],
  tags: ['tags', 'tag', 'group', 'folder'],
  notes: ['notes', 'note', 'comment', 'extra'],
  expires: ['expires', 'expiry', 'expires_at'],
};

/** Parses `name=Title,value=Password`: Keyhold field = CSV column header. */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {};
  for (const part of text.split(',')) {
    const i = part.indexOf('=');
    const field = part.slice(0, i).trim() as CsvField;
    const column = part.slice(i + 1).trim();
    if (i <= 0 || !column) throw new KeyholdError('INVALID_INPUT', `--map: '${label(part)}' is not FIELD=COLUMN`);
    if (!CSV_FIELDS.includes(field)) throw new KeyholdError('INVALID_INPUT', `--map: unknown field '${label(field)}' (fields: ${CSV_FIELDS.join(', ')})`);
    map[field] = column;
  }
  return map;
}

export function parseCsv(text: string, file: string, map: ColumnMap | undefined): ParsedFile {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw badFile(file, `the CSV is malformed${line ? ` at line ${line}` : ''} (an unclosed quote or a row with the wrong number of columns).`);
  }
  const [header, ...body] = rows;
  if (!header) throw badFile(file, 'the CSV is empty: it needs a header row.');
  const columns = resolveColumns(header.map((h) => h.trim()), map ?? {}, file);
  const entries: ParsedEntry[] = [];
  const skipped: Left[] = [];
  body.forEach((row, i) => {
    const where = `row ${i + 2}`;
    const cell = (f: CsvField) => (columns[f] === undefined ? '' : (row[columns[f]!] ?? ''));
    const name = cell('name').trim();
    const value = cell('value');
    if (!name) return skipped.push({ where, reason: 'empty name' });
    if (!value) return skipped.push({ where: `${where} '${label(name)}'`, name, reason: 'empty value' });
    const entry: ParsedEntry = { name, value, where: `${where} '${label(name)}'` };
    const service = cell('service').trim();
    if (service) entry.service = hostOrText(service);
    const env = cell('environment').trim().toLowerCase();
    if (env) {
      if (!ENVIRONMENTS.includes(env as Environment)) throw badFile(file, `${where}: environment '${label(env)}' is not one of ${ENVIRONMENTS.join(', ')}.`);
      entry.environment = env as Environment;
    }
    const tags = cell('tags').split(/[;,]/).map((t) => t.trim()).filter(Boolean);
    if (tags.length) entry.tags = tags;
    const notes = cell('notes');
    if (notes) entry.notes = notes.slice(0, LIMITS.notes);
    const expires = cell('expires').trim();
    if (expires) {
      const t = Date.parse(expires);
      if (Number.isNaN(t)) throw badFile(file, `${where}: the expiry '${label(expires)}' is not a date.`);
      entry.expiresAt = new Date(t).toISOString();
    }
    entries.push(entry);
  });
  return { format: 'csv', entries, skipped };
}

function resolveColumns(header: string[], map: ColumnMap, file: string): Partial<Record<CsvField, number>> {
  const out: Partial<Record<CsvField, number>> = {};
  const lower = header.map((h) => h.toLowerCase());
  for (const f of CSV_FIELDS) {
    const wanted = map[f];
    if (wanted !== undefined) {
      const i = header.indexOf(wanted);
      const j = i >= 0 ? i : lower.indexOf(wanted.toLowerCase());
      if (j < 0) throw badFile(file, `the header has no column '${label(wanted)}' (for --map ${f}=...). Columns: ${header.map(label).join(', ')}.`);
      out[f] = j;
    } else if (Object.keys(map).length === 0 || f !== 'name') {
      const j = lower.findIndex((h) => GUESSES[f].includes(h));
      if (j >= 0 && !Object.values(out).includes(j)) out[f] = j;
    }
  }
  if (out.name === undefined || out.value === undefined) {
    throw badFile(file, `say which columns hold the name and the value: --map name=COLUMN,value=COLUMN. Columns: ${header.map(label).join(', ')}.`);
  }
  return out;
}

function hostOrText(s: string): string {
  try {
    return /^[a-z]+:\/\//i.test(s) ? new URL(s).hostname : s.slice(0, LIMITS.text);
  } catch {
    return s.slice(0, LIMITS.text);
  }
}
