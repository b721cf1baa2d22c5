// The share module's API as the application service uses it (agreed in notes/share-api.md; the
// module itself is electron/share/index.ts, owned by the share work). Declared here so the
// service compiles and is testable on its own; the real module must be structurally compatible.
import type { Environment, OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';

export interface SentShare {
  bundleId: string;
  createdAt: string;
  expiresAt: string;
  recipients: string[];
  credentialNames: string[];
  file: string | null;
}

export interface Contact {
  name: string;
  line: string;
  fingerprint: string;
  addedAt: string;
}

/** A decrypted, verified bundle. Its values stay in main, in the service's preview store. */
export interface OpenedBundle {
  bundleId: string;
  sender: { line: string; fingerprint: string; contactName: string | null };
  createdAt: string;
  expiresAt: string;
  message: string | null;
  credentials: { name: string; service: string; environment: Environment }[];
}

export type ShareRecipients = { kind: 'contacts'; names: string[] } | { kind: 'passphrase'; passphrase: string };

export interface ShareModule {
  getIdentity(vault: VaultApi): { line: string; fingerprint: string };
  listContacts(vault: VaultApi): Contact[];
  addContact(vault: VaultApi, name: string, line: string, origin: OriginInfo): Contact;
  removeContact(vault: VaultApi, name: string, origin: OriginInfo): void;
  createBundle(
    vault: VaultApi,
    req: { refs: string[]; to: ShareRecipients; expiresInSeconds: number; message?: string },
    origin: OriginInfo,
  ): Promise<{ bytes: Uint8Array; sent: SentShare }>;
  recordSentFile(vault: VaultApi, bundleId: string, file: string): void;
  openBundle(vault: VaultApi, bytes: Uint8Array, opts: { passphrase?: string }, origin: OriginInfo): Promise<OpenedBundle>;
  importBundle(
    vault: VaultApi,
    opened: OpenedBundle,
    opts: { trustSenderFingerprint?: string; renames?: Record<string, string> },
    origin: OriginInfo,
  ): { imported: string[] };
  listSent(vault: VaultApi): SentShare[];
}
