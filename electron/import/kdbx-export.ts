// Leaving Keyhold: a KDBX 4 database (Argon2id) that KeePass and KeePassXC open, with every
// credential's name, value, previous values, notes, expiry and tags (the first tag is its group,
// all of them are KDBX tags); service, environment, type and scopes become custom fields.
import type * as Kdbxweb from 'kdbxweb';
import type { CredentialMeta } from '../../shared/model.ts';
import { kdbx } from './kdbx-engine.ts';

/** Argon2id for the exported file: the same cost as a vault's default (64 MiB, 3 passes, 4 lanes). */
export const EXPORT_KDF = { memoryBytes: 64 * 1024 * 1024, iterations: 3, parallelism: 4 } as const;

export interface ExportCredential {
  meta: CredentialMeta;
  value: string;
  previous: { value: string; createdAt: string; replacedAt: string }[];
}

export async function buildKdbx(creds: ExportCredential[], passphrase: string, kdf: { memoryBytes: number; iterations: number; parallelism: number } = EXPORT_KDF): Promise<Uint8Array> {
  const k = kdbx();
  const db = k.Kdbx.create(new k.Credentials(k.ProtectedValue.fromString(passphrase)), 'Keyhold export');
  db.setVersion(4);
  db.setKdf(k.Consts.KdfId.Argon2id);
  const params = db.header.kdfParameters!;
  params.set('M', k.VarDictionary.ValueType.UInt64, k.Int64.from(kdf.memoryBytes));
  params.set('I', k.VarDictionary.ValueType.UInt64, k.Int64.from(kdf.iterations));
  params.set('P', k.VarDictionary.ValueType.UInt32, kdf.parallelism);
  const root = db.getDefaultGroup();
  const groups = new Map<string, Kdbxweb.KdbxGroup>();
  const groupFor = (tag: string | undefined) => {
    if (tag === undefined) return root;
    let g = groups.get(tag);
    if (!g) groups.set(tag, (g = db.createGroup(root, tag)));
    return g;
  };
  for (const { meta, value, previous } of creds) {
    const entry = db.createEntry(groupFor(meta.tags[0]));
    entry.fields.set('Title', meta.name);
    entry.fields.set('UserName', '');
    entry.fields.set('URL', '');
    entry.fields.set('Notes', meta.notes);
    const extra: [string, string][] = [
      ['Service', meta.service], ['Environment', meta.environment], ['Key type', meta.keyType], ['Status', meta.status],
      ['Scopes', meta.scopes.join(', ')], ['Allowed IPs', meta.allowedIps.join(', ')], ['Allowed domains', meta.allowedDomains.join(', ')],
    ];
    for (const [name, text] of extra) if (text) entry.fields.set(name, text);
    entry.tags = [...meta.tags];
    // Previous values first, each saved into the entry's history, then the current one.
    for (const p of [...previous].sort((a, b) => a.replacedAt.localeCompare(b.replacedAt))) {
      entry.fields.set('Password', k.ProtectedValue.fromString(p.value));
      entry.times.lastModTime = new Date(p.createdAt);
      entry.pushHistory();
    }
    entry.fields.set('Password', k.ProtectedValue.fromString(value));
    entry.times.creationTime = new Date(meta.createdAt);
    entry.times.lastModTime = new Date(meta.valueUpdatedAt);
    if (meta.expiresAt) {
      entry.times.expires = true;
      entry.times.expiryTime = new Date(meta.expiresAt);
    }
  }
  return new Uint8Array(await db.save());
}
