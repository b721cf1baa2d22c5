// References: how a text names a credential without holding its value.
//
//   keyhold:NAME           the credential's current value
//   keyhold:NAME#FIELD     one of its metadata fields (REFERENCE_FIELDS below)
//
// NAME is the credential's name as `keyhold ls` shows it; it may contain `/`. A space (any
// whitespace), `#` or `%` in a name is written percent-encoded (`%20`, `%23`, `%25`) so that the
// reference stays one unquoted word and `#` stays the field separator. Other `%XX` sequences are
// decoded too (UTF-8), so `formatReference` and any standard percent-encoder agree.
import { credentialNameSchema, type CredentialMeta } from '../../shared/model.ts';

export const REFERENCE_PREFIX = 'keyhold:';

/** The fields a reference may name after `#`, with what each yields (documented in README). */
export const REFERENCE_FIELDS = {
  value: 'the current value (the same as no field)',
  name: 'the credential name',
  id: 'the credential id',
  service: 'the service, e.g. Stripe',
  environment: 'dev, staging, prod or other',
  'key-type': 'public, private, partner or temporary',
  status: 'active, disabled, compromised or revoked',
  tags: 'the tags, comma-separated',
  scopes: 'the scopes, comma-separated',
  'allowed-ips': 'the allowed IP addresses, comma-separated',
  'allowed-domains': 'the allowed domains, comma-separated',
  notes: 'the notes',
  expires: 'the expiry time (ISO 8601), empty when none',
  'rotation-days': 'the rotation interval in days, empty when none',
  created: 'when the credential was created (ISO 8601)',
  updated: 'when the credential was last edited (ISO 8601)',
  rotated: 'when the current value was set (ISO 8601)',
  version: 'the number of the current value (1, 2, ...)',
} as const;

export type ReferenceField = keyof typeof REFERENCE_FIELDS;

export interface Reference {
  /** The decoded credential name. */
  name: string;
  /** The field, or null for the value. `#value` is normalised to null. */
  field: Exclude<ReferenceField, 'value'> | null;
}

/** A reference that cannot be read; the message names the problem, never a value. */
export class ReferenceSyntaxError extends Error {
  override name = 'ReferenceSyntaxError';
}

export function isReference(text: string): boolean {
  return text.startsWith(REFERENCE_PREFIX);
}

function isField(text: string): text is ReferenceField {
  return Object.hasOwn(REFERENCE_FIELDS, text);
}

/** Parses `keyhold:NAME[#FIELD]`; throws ReferenceSyntaxError with a plain-words reason. */
export function parseReference(text: string): Reference {
  if (!isReference(text)) throw new ReferenceSyntaxError(`a reference starts with "${REFERENCE_PREFIX}"`);
  const body = text.slice(REFERENCE_PREFIX.length);
  const hash = body.indexOf('#');
  const encodedName = hash === -1 ? body : body.slice(0, hash);
  const fieldText = hash === -1 ? null : body.slice(hash + 1);
  if (encodedName === '') throw new ReferenceSyntaxError('the reference names no credential');
  if (/\s/u.test(encodedName)) throw new ReferenceSyntaxError('a space in a credential name is written %20');
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    throw new ReferenceSyntaxError('a % in a credential name is written %25 (or %XX for an encoded character)');
  }
  if (!credentialNameSchema.safeParse(name).success) {
    throw new ReferenceSyntaxError('the credential name is empty, has control characters or leading/trailing spaces');
  }
  if (fieldText === null) return { name, field: null };
  if (!isField(fieldText)) {
    throw new ReferenceSyntaxError(`unknown field after #: use one of ${Object.keys(REFERENCE_FIELDS).join(', ')}`);
  }
  return { name, field: fieldText === 'value' ? null : fieldText };
}

/** The reference text for a credential name (and optional field): the inverse of parseReference. */
export function formatReference(name: string, field?: ReferenceField | null): string {
  const encoded = name.replace(/[%#\s]/gu, (ch) => encodeURIComponent(ch));
  return field && field !== 'value' ? `${REFERENCE_PREFIX}${encoded}#${field}` : `${REFERENCE_PREFIX}${encoded}`;
}

/** What `keyhold:NAME#FIELD` yields for a credential's metadata (never its value). */
export function fieldValue(meta: CredentialMeta, field: Exclude<ReferenceField, 'value'>): string {
  switch (field) {
    case 'name': return meta.name;
    case 'id': return meta.id;
    case 'service': return meta.service;
    case 'environment': return meta.environment;
    case 'key-type': return meta.keyType;
    case 'status': return meta.status;
    case 'tags': return meta.tags.join(',');
    case 'scopes': return meta.scopes.join(',');
    case 'allowed-ips': return meta.allowedIps.join(',');
    case 'allowed-domains': return meta.allowedDomains.join(',');
    case 'notes': return meta.notes;
    case 'expires': return meta.expiresAt ?? '';
    case 'rotation-days': return meta.rotationIntervalDays === null ? '' : String(meta.rotationIntervalDays);
    case 'created': return meta.createdAt;
    case 'updated': return meta.updatedAt;
    case 'rotated': return meta.valueUpdatedAt;
    case 'version': return String(meta.valueVersion);
  }
}
