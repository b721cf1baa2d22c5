// Share bundles (issue 5): the module API used by the CLI and the application service.
// See /work/notes/share-api.md and README "Sharing keys with teammates".
export { getIdentity, exportAgeIdentity, fingerprintOf, normalizeFingerprint, parseIdentityLine, IDENTITY_PREFIX } from './identity.ts';
export type { PublicIdentity, ParsedIdentity } from './identity.ts';
export { listContacts, getContact, addContact, removeContact, contactByLine } from './contacts.ts';
export type { Contact } from './contacts.ts';
export { createBundle, openBundle, importBundle, importPlan, createBundleRequestSchema } from './bundle.ts';
export type { CreateBundleRequest, OpenedBundle, ImportOptions } from './bundle.ts';
export { listSent, listSentRecords, recordSentFile, sentTo, sharedNeedsRotation, expiredSharesOf, sharesNeedingRotation, PASSPHRASE_RECIPIENT } from './sent.ts';
export type { SentShare, SentRecord } from './sent.ts';
export { needsPassphrase, ageDecrypt, ageEncrypt } from './age.ts';
export type { SharedCredential } from './payload.ts';
export { parseDuration } from './duration.ts';
export {
  MAX_BUNDLE_BYTES, DEFAULT_EXPIRY_SECONDS, MIN_EXPIRY_SECONDS, MAX_EXPIRY_SECONDS, CLOCK_SKEW_MS, SCRYPT_LOG_N,
  MIN_PASSPHRASE_LENGTH,
} from './limits.ts';
export type { ShareEnv } from './limits.ts';
export { readBundleFile, writeNewFile } from './files.ts';
