// KeePass / KeePassXC databases (KDBX 3.1 with AES-KDF, KDBX 4 with Argon2) through kdbxweb.
// Groups become tags, history becomes version history, expiry carries over, the user name,
// URL and custom string fields go to the notes; attachments are reported as skipped.
import type * as Kdbxweb from 'kdbxweb';
import { KeyholdError } from '../../../shared/errors.ts';
import { LIMITS } from '../../../shared/model.ts';
import { kdbx } from '../kdbx-engine.ts';
import { badFile, label } from '../errors.ts';
import type { Left, ParsedEntry, ParsedFile, PreviousValue } from '../types.ts';

const KDBX_SIGNATURE = [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5];
const STANDARD_FIELDS = new Set(['Title', 'Password', 'UserName', 'URL', 'Notes']);

export function isKdbx(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && KDBX_SIGNATURE.every((b, i) => bytes[i] === b);
}

function text(field: Kdbxweb.KdbxEntryField | undefined): string {
  if (field === undefined) return '';
  return typeof field === 'string' ? field : field.getText();
}

/** Opens the database; a wrong password, a truncated or a damaged file each get their own message. */
export async function loadKdbx(bytes: Uint8Array, password: string, file: string): Promise<Kdbxweb.Kdbx> {
  const k = kdbx();
  const credentials = new k.Credentials(k.ProtectedValue.fromString(password));
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return await k.Kdbx.load(buf, credentials);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === k.Consts.ErrorCodes.InvalidKey && kdbx3Truncated(bytes)) throw badFile(file, 'the KeePass database is truncated (its encrypted part is cut short).');
    if (code === k.Consts.ErrorCodes.InvalidKey) throw new KeyholdError('WRONG_PASSWORD', `${label(file)}: wrong password for this KeePass database (or it needs a key file, which Keyhold does not support). Nothing was imported.`);
    if (code === k.Consts.ErrorCodes.InvalidVersion || code === k.Consts.ErrorCodes.Unsupported) throw new KeyholdError('UNSUPPORTED_VERSION', `${label(file)}: this KeePass database version or cipher is not supported. Nothing was imported.`);
    throw badFile(file, 'the KeePass database is truncated or damaged (it does not decrypt and verify).');
  }
}

/**
 * KDBX 3 checks the password only by decrypting the payload, so a cut-short file looks like a
 * wrong password to kdbxweb; an AES-CBC payload whose length is not whole blocks was cut.
 */
function kdbx3Truncated(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 12 || view.readUInt16LE(10) !== 3) return false;
  let off = 12;
  while (off + 3 <= view.length) {
    const id = view[off]!;
    const size = view.readUInt16LE(off + 1);
    off += 3 + size;
    if (id === 0) return off > view.length || (view.length - off) % 16 !== 0 || view.length === off;
  }
  return true;
}

export async function parseKdbx(bytes: Uint8Array, password: string, file: string): Promise<ParsedFile> {
  const db = await loadKdbx(bytes, password, file);
  return entriesOf(db);
}

/** Walks the groups (not the recycle bin) and turns each entry into a ParsedEntry or a Left. */
export function entriesOf(db: Kdbxweb.Kdbx): ParsedFile {
  const entries: ParsedEntry[] = [];
  const skipped: Left[] = [];
  const recycleBin = db.meta.recycleBinUuid?.id;
  const walk = (group: Kdbxweb.KdbxGroup, path: string[]) => {
    if (recycleBin && group.uuid.id === recycleBin) return;
    for (const entry of group.entries) {
      const title = text(entry.fields.get('Title')).trim();
      const where = `entry '${label(title || '(untitled)')}'${path.length ? ` in group ${label(path.join('/'))}` : ''}`;
      for (const att of entry.binaries.keys()) skipped.push({ where, name: title, reason: `attachment '${label(att)}' not imported (Keyhold keeps no files)` });
      const value = text(entry.fields.get('Password'));
      if (!title) {
        skipped.push({ where, reason: 'no title to name it by' });
        continue;
      }
      if (!value) {
        skipped.push({ where, name: title, reason: 'empty password: nothing to keep' });
        continue;
      }
      entries.push(toEntry(entry, title, value, path, where));
    }
    for (const child of group.groups) walk(child, [...path, child.name ?? '']);
  };
  const root = db.getDefaultGroup();
  walk(root, []);
  return { format: 'kdbx', entries, skipped };
}

function toEntry(entry: Kdbxweb.KdbxEntry, title: string, value: string, path: string[], where: string): ParsedEntry {
  const notes: string[] = [];
  const user = text(entry.fields.get('UserName'));
  const url = text(entry.fields.get('URL'));
  if (user) notes.push(`User name: ${user}`);
  if (url) notes.push(`URL: ${url}`);
  for (const [k, v] of entry.fields) {
    if (STANDARD_FIELDS.has(k)) continue;
    const t = text(v);
    if (t) notes.push(`${k}: ${t}`);
  }
  const own = text(entry.fields.get('Notes'));
  if (own) notes.push(notes.length ? `\n${own}` : own);
  const times = entry.times;
  const history = historyOf(entry, value);
  const out: ParsedEntry = {
    name: title,
    value,
    where,
    service: serviceOf(url),
    tags: [...path.filter((p) => p.trim() !== '').map((p) => p.trim()), ...entry.tags.map((t) => t.trim()).filter(Boolean)],
    notes: notes.join('\n').slice(0, LIMITS.notes),
    expiresAt: times.expires && times.expiryTime ? times.expiryTime.toISOString() : null,
    history,
  };
  if (times.creationTime) out.createdAt = times.creationTime.toISOString();
  const since = history.length ? history[history.length - 1]!.replacedAt : times.creationTime?.toISOString();
  if (since) out.valueUpdatedAt = since;
  return out;
}

/** Earlier passwords from the entry's history, each replaced when the next version was saved. */
function historyOf(entry: Kdbxweb.KdbxEntry, current: string): PreviousValue[] {
  const versions = entry.history
    .map((h) => ({ value: text(h.fields.get('Password')), at: h.times.lastModTime?.toISOString() ?? null }))
    .filter((h): h is { value: string; at: string } => h.at !== null && h.value !== '');
  const out: PreviousValue[] = [];
  const modified = entry.times.lastModTime?.toISOString() ?? new Date().toISOString();
  for (let i = 0; i < versions.length; i++) {
    const v = versions[i]!;
    const next = versions[i + 1];
    const replacedAt = next ? next.at : modified;
    // Only a change of password is a new value; history also records edits of other fields.
    const following = next ? next.value : current;
    if (following === v.value) continue;
    out.push({ value: v.value, createdAt: v.at, replacedAt });
  }
  return out;
}

function serviceOf(url: string): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.slice(0, LIMITS.text);
  } catch {
    return '';
  }
}
