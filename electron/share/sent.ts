// The sender's record of every bundle made ('share.sent' documents), and what follows from it:
// a credential shared in a bundle that has expired, and not rotated since, is due for rotation,
// because whoever opened the bundle before it expired still has the value.
import { z } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { nowOf, type ShareEnv } from './limits.ts';

/** Shown for the recipient of a passphrase bundle (contact names cannot contain parentheses). */
export const PASSPHRASE_RECIPIENT = '(passphrase)';

/** The public record of one bundle sent (as the IPC contract's shareSentSchema). */
export interface SentShare {
  bundleId: string;
  createdAt: string;
  expiresAt: string;
  /** Contact names, or `(passphrase)`. */
  recipients: string[];
  /** For a passphrase bundle: whom the sender said it is for (--for); empty otherwise. */
  intendedFor: string[];
  credentialNames: string[];
  /** Where the bundle was saved, when the caller told us. */
  file: string | null;
}

export const sentRecordSchema = z.strictObject({
  bundleId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  recipients: z.array(z.string()),
  /** Absent in records written before it was kept. */
  intendedFor: z.array(z.string()).optional(),
  credentialNames: z.array(z.string()),
  file: z.string().nullable(),
  credentialIds: z.array(z.string()),
  recipientFingerprints: z.array(z.string()),
  passphrase: z.boolean(),
});
/** The stored record: the public fields plus credential ids and recipients' fingerprints. */
export type SentRecord = z.infer<typeof sentRecordSchema>;

/** Whom a bundle went to, as shown: contact names, or `(passphrase)` and whom it was meant for. */
export function sentTo(s: { recipients: string[]; intendedFor?: string[] }): string {
  const meant = s.intendedFor ?? [];
  return `${s.recipients.join(', ')}${meant.length ? ` for ${meant.join(', ')}` : ''}`;
}

export function listSentRecords(vault: VaultApi): SentRecord[] {
  return vault
    .listDocs<unknown>('share.sent')
    .map(({ id, doc }) => {
      const r = sentRecordSchema.safeParse(doc);
      if (!r.success) throw new KeyholdError('INTEGRITY', `Sent-share record '${id}' is malformed.`);
      return r.data;
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Every bundle sent, newest first. */
export function listSent(vault: VaultApi): SentShare[] {
  return listSentRecords(vault).map((r) => ({
    bundleId: r.bundleId, createdAt: r.createdAt, expiresAt: r.expiresAt, recipients: [...r.recipients], intendedFor: [...(r.intendedFor ?? [])],
    credentialNames: [...r.credentialNames], file: r.file,
  }));
}

/** Records where the caller saved the bundle. */
export function recordSentFile(vault: VaultApi, bundleId: string, file: string): void {
  const doc = vault.getDoc<unknown>('share.sent', bundleId);
  if (doc === undefined) throw new KeyholdError('NOT_FOUND', `No sent bundle with id ${bundleId.slice(0, 40)}`);
  const r = sentRecordSchema.safeParse(doc);
  if (!r.success) throw new KeyholdError('INTEGRITY', `Sent-share record '${bundleId}' is malformed.`);
  vault.putDoc('share.sent', bundleId, { ...r.data, file });
}

/** Bundles that carried this credential's current value and have expired. */
export function expiredSharesOf(meta: CredentialMeta, sent: SentRecord[], now: number): SentRecord[] {
  if (meta.trashedAt !== null || meta.status === 'revoked') return [];
  const valueSince = Date.parse(meta.valueUpdatedAt);
  return sent.filter((s) => s.credentialIds.includes(meta.id) && Date.parse(s.expiresAt) <= now && valueSince <= Date.parse(s.createdAt));
}

/**
 * True when the credential went out in a bundle that has expired and its value was not rotated
 * after that bundle was made. (Not revoked or trashed credentials: those are out of use.)
 */
export function sharedNeedsRotation(meta: CredentialMeta, sent: SentRecord[], now: number): boolean {
  return expiredSharesOf(meta, sent, now).length > 0;
}

/** Every credential due for rotation because of an expired share, with the bundles concerned. */
export function sharesNeedingRotation(vault: VaultApi, env?: ShareEnv): { credential: CredentialMeta; bundleIds: string[] }[] {
  const sent = listSentRecords(vault);
  const now = nowOf(env);
  return vault
    .list({ scope: 'active' })
    .map((credential) => ({ credential, bundleIds: expiredSharesOf(credential, sent, now).map((s) => s.bundleId) }))
    .filter((x) => x.bundleIds.length > 0);
}
