// Bitwarden JSON exports: unencrypted, and password-protected (the documented format: PBKDF2-SHA256
// or Argon2id over the password and salt, stretched with HKDF into AES-256-CBC and HMAC-SHA256
// keys; `data` is an EncString "2.iv|ciphertext|mac"). Logins, secure notes and custom fields
// are imported, folders become tags; cards and identities are reported as skipped.
import { createDecipheriv, createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { hashRaw } from '@node-rs/argon2';
import { KeyholdError } from '../../../shared/errors.ts';
import { LIMITS } from '../../../shared/model.ts';
import { badFile, label } from '../errors.ts';
import type { Left, ParsedEntry, ParsedFile } from '../types.ts';

const ARGON2ID = 2; // @node-rs/argon2's const enum, unreadable under isolated modules

const str = z.string().nullish();
const itemSchema = z.looseObject({
  type: z.number().int(),
  name: str,
  notes: str,
  folderId: str,
  revisionDate: str,
  creationDate: str,
  fields: z.array(z.looseObject({ name: str, value: str, type: z.number().int().nullish() })).nullish(),
  login: z.looseObject({
    username: str,
    password: str,
    totp: str,
    uris: z.array(z.looseObject({ uri: str })).nullish(),
  }).nullish(),
  passwordHistory: z.array(z.looseObject({ password: str, lastUsedDate: str })).nullish(),
});
const plainSchema = z.looseObject({
  encrypted: z.literal(false),
  folders: z.array(z.looseObject({ id: z.string(), name: z.string() })).nullish(),
  items: z.array(z.unknown()),
});
const protectedSchema = z.looseObject({
  encrypted: z.literal(true),
  passwordProtected: z.literal(true),
  salt: z.string().min(1),
  kdfType: z.union([z.literal(0), z.literal(1)]),
  kdfIterations: z.number().int().min(1).max(10_000_000),
  kdfMemory: z.number().int().min(1).max(4096).nullish(),
  kdfParallelism: z.number().int().min(1).max(64).nullish(),
  encKeyValidation_DO_NOT_EDIT: z.string(),
  data: z.string(),
});

/** A JSON object with Bitwarden's `encrypted` flag and `items` (or the encrypted envelope). */
export function isBitwarden(json: unknown): boolean {
  return !!json && typeof json === 'object' && 'encrypted' in json && ('items' in json || 'data' in json);
}

export function needsPassword(json: unknown): boolean {
  return protectedSchema.safeParse(json).success;
}

export async function parseBitwarden(json: unknown, file: string, password: () => Promise<string>): Promise<ParsedFile> {
  let plain: unknown = json;
  if ((json as { encrypted?: unknown }).encrypted === true) {
    const env = protectedSchema.safeParse(json);
    if (!env.success) {
      throw new KeyholdError('INVALID_INPUT', `${label(file)}: this is an account-restricted Bitwarden export, which only Bitwarden can open. Export again choosing "Password protected". Nothing was imported.`);
    }
    plain = await decrypt(env.data, await password(), file);
  }
  const doc = plainSchema.safeParse(plain);
  if (!doc.success) throw badFile(file, 'not a Bitwarden JSON export (no "items" list).');
  const folders = new Map((doc.data.folders ?? []).map((f) => [f.id, f.name]));
  const entries: ParsedEntry[] = [];
  const skipped: Left[] = [];
  doc.data.items.forEach((raw, i) => {
    const r = itemSchema.safeParse(raw);
    const where = `item ${i + 1}`;
    if (!r.success) throw badFile(file, `${where} is not a Bitwarden item (${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? 'invalid'}).`);
    const item = r.data;
    const name = (item.name ?? '').trim();
    const at = `${where} '${label(name || '(unnamed)')}'`;
    if (!name) return skipped.push({ where: at, reason: 'no name' });
    if (item.type !== 1 && item.type !== 2) return skipped.push({ where: at, name, reason: item.type === 3 ? 'a payment card: not a developer credential' : item.type === 4 ? 'an identity: not a developer credential' : `item type ${item.type} is not supported` });
    const entry = toEntry(item, name, at, item.folderId ? folders.get(item.folderId) : undefined);
    if (!entry) return skipped.push({ where: at, name, reason: item.type === 1 ? 'empty password: nothing to keep' : 'empty note: nothing to keep' });
    entries.push(entry);
  });
  return { format: 'bitwarden', entries, skipped };
}

function toEntry(item: z.infer<typeof itemSchema>, name: string, where: string, folder: string | undefined): ParsedEntry | null {
  const notes: string[] = [];
  let value: string;
  if (item.type === 1) {
    value = item.login?.password ?? '';
    if (item.login?.username) notes.push(`User name: ${item.login.username}`);
    for (const u of item.login?.uris ?? []) if (u.uri) notes.push(`URL: ${u.uri}`);
    if (item.login?.totp) notes.push(`TOTP: ${item.login.totp}`);
  } else {
    // A secure note's text is the secret: developers keep API keys and tokens in them.
    value = item.notes ?? '';
  }
  if (!value) return null;
  for (const f of item.fields ?? []) if (f.name || f.value) notes.push(`${f.name ?? 'field'}: ${f.value ?? ''}`);
  if (item.type === 1 && item.notes) notes.push(notes.length ? `\n${item.notes}` : item.notes);
  const uri = item.login?.uris?.find((u) => u.uri)?.uri ?? '';
  const entry: ParsedEntry = { name, value, where, service: hostOf(uri), tags: folder ? [folder] : [], notes: notes.join('\n').slice(0, LIMITS.notes) };
  const created = isoOrUndefined(item.creationDate);
  if (created) entry.createdAt = created;
  const history = (item.passwordHistory ?? [])
    .map((h) => ({ value: h.password ?? '', replacedAt: isoOrUndefined(h.lastUsedDate) }))
    .filter((h): h is { value: string; replacedAt: string } => h.value !== '' && h.replacedAt !== undefined)
    .map((h) => ({ value: h.value, createdAt: created && created < h.replacedAt ? created : h.replacedAt, replacedAt: h.replacedAt }));
  if (history.length) {
    entry.history = history;
    entry.valueUpdatedAt = history.map((h) => h.replacedAt).sort().at(-1)!;
  }
  return entry;
}

function isoOrUndefined(s: string | null | undefined): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function hostOf(uri: string): string {
  try {
    return uri ? new URL(uri).hostname.slice(0, LIMITS.text) : '';
  } catch {
    return '';
  }
}

// ------------------------------------------------------------------ the protected envelope

interface EncString {
  iv: Buffer;
  data: Buffer;
  mac: Buffer;
}

function parseEncString(s: string, file: string): EncString {
  const m = /^2\.([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(s);
  if (!m) throw badFile(file, 'the encrypted Bitwarden data is not in the expected form (type 2: AES-CBC with HMAC).');
  return { iv: Buffer.from(m[1]!, 'base64'), data: Buffer.from(m[2]!, 'base64'), mac: Buffer.from(m[3]!, 'base64') };
}

async function masterKey(env: z.infer<typeof protectedSchema>, password: string): Promise<Buffer> {
  if (env.kdfType === 0) return pbkdf2Sync(password, Buffer.from(env.salt, 'utf8'), env.kdfIterations, 32, 'sha256');
  return hashRaw(password, {
    algorithm: ARGON2ID,
    salt: createHash('sha256').update(env.salt, 'utf8').digest(),
    timeCost: env.kdfIterations,
    memoryCost: (env.kdfMemory ?? 64) * 1024,
    parallelism: env.kdfParallelism ?? 4,
    outputLen: 32,
  });
}

async function decrypt(env: z.infer<typeof protectedSchema>, password: string, file: string): Promise<unknown> {
  const key = await masterKey(env, password);
  const encKey = Buffer.from(hkdfExpand(key, 'enc'));
  const macKey = Buffer.from(hkdfExpand(key, 'mac'));
  key.fill(0);
  try {
    const check = parseEncString(env.encKeyValidation_DO_NOT_EDIT, file);
    if (!macOk(check, macKey)) throw new KeyholdError('WRONG_PASSWORD', `${label(file)}: wrong password for this Bitwarden export. Nothing was imported.`);
    const data = parseEncString(env.data, file);
    if (!macOk(data, macKey)) throw badFile(file, 'the encrypted Bitwarden data was altered or truncated (its MAC does not match).');
    let plain: Buffer;
    try {
      const d = createDecipheriv('aes-256-cbc', encKey, data.iv);
      plain = Buffer.concat([d.update(data.data), d.final()]);
    } catch {
      throw badFile(file, 'the encrypted Bitwarden data does not decrypt.');
    }
    try {
      return JSON.parse(plain.toString('utf8'));
    } catch {
      throw badFile(file, 'the decrypted Bitwarden data is not JSON.');
    } finally {
      plain.fill(0);
    }
  } finally {
    encKey.fill(0);
    macKey.fill(0);
  }
}

/** HKDF-Expand alone, one block (Bitwarden stretches an already uniform key; node's hkdfSync always runs Extract first). */
function hkdfExpand(prk: Buffer, info: string): Buffer {
  return createHmac('sha256', prk).update(Buffer.concat([Buffer.from(info, 'utf8'), Buffer.from([1])])).digest();
}

function macOk(e: EncString, macKey: Buffer): boolean {
  const expected = createHmac('sha256', macKey).update(Buffer.concat([e.iv, e.data])).digest();
  return expected.length === e.mac.length && timingSafeEqual(expected, e.mac);
}

