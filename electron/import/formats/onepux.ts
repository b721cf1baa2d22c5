// 1Password .1pux exports: a zip whose `export.data` is JSON (accounts > vaults > items).
// Logins, passwords, API credentials and secure notes are imported; the vault name and the
// item's tags become tags; other categories are reported as skipped.
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { LIMITS } from '../../../shared/model.ts';
import { KeyholdError } from '../../../shared/errors.ts';
import { MAX_1PUX_DATA_BYTES } from '../limits.ts';
import { badFile, label } from '../errors.ts';
import type { Left, ParsedEntry, ParsedFile } from '../types.ts';

const CATEGORY = { login: '001', secureNote: '003', password: '005', apiCredential: '112' } as const;
const CATEGORY_NAMES: Record<string, string> = {
  '002': 'a credit card', '004': 'an identity', '006': 'a document', '100': 'a software licence', '101': 'a bank account',
  '102': 'a database', '103': 'a driver licence', '104': 'an outdoor licence', '105': 'a membership', '106': 'a passport',
  '107': 'a rewards programme', '108': 'a social security number', '109': 'a wireless router', '110': 'a server',
  '111': 'an email account', '113': 'a medical record', '114': 'an SSH key', '115': 'a crypto wallet',
};

const str = z.string().nullish();
const fieldValue = z.record(z.string(), z.unknown());
const itemSchema = z.looseObject({
  uuid: str,
  createdAt: z.number().nullish(),
  updatedAt: z.number().nullish(),
  state: str,
  categoryUuid: z.string(),
  overview: z.looseObject({ title: str, url: str, tags: z.array(z.string()).nullish() }),
  details: z.looseObject({
    loginFields: z.array(z.looseObject({ value: str, name: str, designation: str, fieldType: str })).nullish(),
    notesPlain: str,
    password: str,
    sections: z.array(z.looseObject({
      title: str,
      fields: z.array(z.looseObject({ title: str, id: str, value: fieldValue.nullish() })).nullish(),
    })).nullish(),
    passwordHistory: z.array(z.looseObject({ value: str, time: z.number().nullish() })).nullish(),
  }).nullish(),
});
const dataSchema = z.looseObject({
  accounts: z.array(z.looseObject({
    vaults: z.array(z.looseObject({
      attrs: z.looseObject({ name: str }).nullish(),
      items: z.array(z.unknown()),
    })),
  })),
});

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

function exportData(bytes: Uint8Array, file: string): unknown {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== 'export.data') return false;
        if (f.originalSize > MAX_1PUX_DATA_BYTES) throw new KeyholdError('TOO_LARGE', `${label(file)}: export.data unpacks to more than ${MAX_1PUX_DATA_BYTES / 1024 / 1024} MiB; refused. Nothing was imported.`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof KeyholdError) throw e;
    throw badFile(file, 'the .1pux archive is truncated or damaged (it does not unzip).');
  }
  const data = files['export.data'];
  if (!data) throw badFile(file, 'not a 1Password export: the archive has no export.data.');
  if (data.length > MAX_1PUX_DATA_BYTES) throw new KeyholdError('TOO_LARGE', `${label(file)}: export.data is too large; refused. Nothing was imported.`);
  try {
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    throw badFile(file, 'export.data in the .1pux archive is not valid JSON (truncated?).');
  } finally {
    data.fill(0);
  }
}

/** True when the zip holds a 1Password export (checked by its export.data). */
export function is1pux(bytes: Uint8Array): boolean {
  if (!isZip(bytes)) return false;
  try {
    let found = false;
    unzipSync(bytes, { filter: (f) => ((found ||= f.name === 'export.data'), false) });
    return found;
  } catch {
    return false;
  }
}

export function parse1pux(bytes: Uint8Array, file: string): ParsedFile {
  const doc = dataSchema.safeParse(exportData(bytes, file));
  if (!doc.success) throw badFile(file, 'export.data is not in 1Password\'s export format (accounts > vaults > items).');
  const entries: ParsedEntry[] = [];
  const skipped: Left[] = [];
  let n = 0;
  for (const account of doc.data.accounts) {
    for (const vault of account.vaults) {
      const vaultName = (vault.attrs?.name ?? '').trim();
      for (const raw of vault.items) {
        n++;
        const r = itemSchema.safeParse(raw);
        if (!r.success) throw badFile(file, `item ${n}${vaultName ? ` in vault ${label(vaultName)}` : ''} is not a 1Password item.`);
        const item = r.data;
        const title = (item.overview.title ?? '').trim();
        const where = `item ${n} '${label(title || '(untitled)')}'${vaultName ? ` in vault ${label(vaultName)}` : ''}`;
        if (item.state === 'archived') {
          skipped.push({ where, name: title, reason: 'archived in 1Password' });
          continue;
        }
        if (!title) {
          skipped.push({ where, reason: 'no title' });
          continue;
        }
        if (!Object.values(CATEGORY).includes(item.categoryUuid as never)) {
          skipped.push({ where, name: title, reason: `${CATEGORY_NAMES[item.categoryUuid] ?? `category ${label(item.categoryUuid)}`}: not a developer credential` });
          continue;
        }
        const entry = toEntry(item, title, where, vaultName);
        if (!entry) skipped.push({ where, name: title, reason: 'no secret value in it' });
        else entries.push(entry);
      }
    }
  }
  return { format: '1pux', entries, skipped };
}

function plainValue(v: Record<string, unknown> | null | undefined): string {
  if (!v) return '';
  for (const x of Object.values(v)) {
    if (typeof x === 'string') return x;
    if (typeof x === 'number') return String(x);
  }
  return '';
}

function toEntry(item: z.infer<typeof itemSchema>, title: string, where: string, vaultName: string): ParsedEntry | null {
  const d = item.details ?? {};
  const notes: string[] = [];
  let value = '';
  let service = hostOf(item.overview.url ?? '');
  let expiresAt: string | null = null;
  const login = d.loginFields ?? [];
  if (item.categoryUuid === CATEGORY.login) {
    value = login.find((f) => f.designation === 'password')?.value ?? '';
    const user = login.find((f) => f.designation === 'username')?.value;
    if (user) notes.push(`User name: ${user}`);
  } else if (item.categoryUuid === CATEGORY.password) {
    value = d.password ?? '';
  } else if (item.categoryUuid === CATEGORY.secureNote) {
    value = d.notesPlain ?? '';
  }
  for (const section of d.sections ?? []) {
    for (const f of section.fields ?? []) {
      const v = f.value ?? {};
      if (item.categoryUuid === CATEGORY.apiCredential) {
        if (f.id === 'credential' && !value) {
          value = plainValue(v);
          continue;
        }
        if (f.id === 'hostname' && !service) service = plainValue(v).slice(0, LIMITS.text);
        if (f.id === 'expires' && typeof v.date === 'number') expiresAt = new Date(v.date * 1000).toISOString();
      }
      const shown = plainValue(v);
      if (shown) notes.push(`${f.title || f.id || 'field'}: ${shown}`);
    }
  }
  if (item.categoryUuid === CATEGORY.apiCredential && !value) {
    // Without the standard "credential" field, the first concealed field is the secret.
    value = (d.sections ?? []).flatMap((s) => s.fields ?? []).map((f) => f.value?.concealed).find((c): c is string => typeof c === 'string' && c !== '') ?? '';
  }
  if (!value) return null;
  if (item.categoryUuid !== CATEGORY.secureNote && d.notesPlain) notes.push(notes.length ? `\n${d.notesPlain}` : d.notesPlain);
  if (item.overview.url) notes.unshift(`URL: ${item.overview.url}`);
  const entry: ParsedEntry = {
    name: title, value, where, service, expiresAt,
    tags: [vaultName, ...(item.overview.tags ?? [])].map((t) => t.trim()).filter(Boolean),
    notes: notes.join('\n').slice(0, LIMITS.notes),
  };
  if (item.createdAt) entry.createdAt = new Date(item.createdAt * 1000).toISOString();
  const history = (d.passwordHistory ?? []).filter((h) => h.value && h.time).map((h) => ({ value: h.value!, at: new Date(h.time! * 1000).toISOString() }));
  if (history.length) {
    entry.history = history.map((h) => ({ value: h.value, createdAt: entry.createdAt && entry.createdAt < h.at ? entry.createdAt : h.at, replacedAt: h.at }));
    entry.valueUpdatedAt = history.map((h) => h.at).sort().at(-1)!;
  }
  return entry;
}

function hostOf(uri: string): string {
  try {
    return uri ? new URL(uri).hostname.slice(0, LIMITS.text) : '';
  } catch {
    return '';
  }
}
