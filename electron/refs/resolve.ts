// Turning references into values through the vault API. Every reference is checked before any
// value is read, so a run either gets all its values or none (no partial start).
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta, OriginInfo } from '../../shared/model.ts';
import type { AccessPurpose, VaultApi } from '../vault/api.ts';
import { fieldValue, formatReference, type Reference } from './reference.ts';

/** One variable and the reference it takes its value from. */
export interface Binding {
  variable: string;
  reference: Reference;
}

export type CredentialState =
  | { kind: 'ok'; meta: CredentialMeta; expiresInDays: number | null }
  | { kind: 'missing' }
  | { kind: 'trashed' | 'disabled' | 'revoked' | 'compromised' | 'expired'; meta: CredentialMeta };

const DAY_MS = 86_400_000;

/** The credential a name refers to: a live one first, then one in the trash (to say so). */
export function credentialState(vault: VaultApi, name: string, now: number): CredentialState {
  // One lookup by name (cheap, also through the agent); the full list only when that finds a
  // trashed credential, in case a live one has the same name.
  let meta: CredentialMeta | undefined;
  try {
    meta = vault.get(name);
  } catch (e) {
    if (!(e instanceof KeyholdError && e.code === 'NOT_FOUND')) throw e;
  }
  if (meta?.trashedAt != null) {
    const all = vault.list({ scope: 'all' });
    meta = all.find((m) => m.trashedAt === null && (m.name === name || m.id === name)) ?? meta;
  }
  if (!meta) return { kind: 'missing' };
  if (meta.trashedAt !== null) return { kind: 'trashed', meta };
  if (meta.status !== 'active') return { kind: meta.status, meta };
  const expires = meta.expiresAt === null ? null : Date.parse(meta.expiresAt);
  if (expires !== null && expires <= now) return { kind: 'expired', meta };
  return { kind: 'ok', meta, expiresInDays: expires === null ? null : Math.floor((expires - now) / DAY_MS) };
}

/** The one line that says why a variable cannot be given its value; never a value. */
export function refusalLine(variable: string, reference: Reference, state: CredentialState): string {
  const ref = formatReference(reference.name, reference.field);
  switch (state.kind) {
    case 'ok': return '';
    case 'missing': return `${variable}: no credential named ${reference.name} (${ref})`;
    case 'trashed': return `${variable}: ${state.meta.name} is in the trash (restore it with 'keyhold restore ${state.meta.name}')`;
    case 'expired': return `${variable}: ${state.meta.name} expired on ${state.meta.expiresAt}`;
    case 'compromised': return `${variable}: ${state.meta.name} is marked compromised: rotate it, then 'keyhold enable ${state.meta.name}'`;
    default: return `${variable}: ${state.meta.name} is ${state.kind}`;
  }
}

export interface ResolvedBinding {
  variable: string;
  value: string;
  /** True for a credential's value (masked, kept out of logs); false for a metadata field. */
  secret: boolean;
  credential: CredentialMeta;
}

/**
 * Checks every binding, then reads the values (each credential once, audited with `purpose`).
 * Throws NOT_FOUND or DISABLED naming the first variable that cannot be resolved, before any read.
 */
export function resolveBindings(
  vault: VaultApi,
  bindings: readonly Binding[],
  purpose: AccessPurpose,
  origin: OriginInfo,
  now: number,
): ResolvedBinding[] {
  const checked = bindings.map((b) => ({ binding: b, state: credentialState(vault, b.reference.name, now) }));
  const refused = checked.filter((c) => c.state.kind !== 'ok');
  if (refused.length) {
    const first = refused[0]!;
    const more = refused.length > 1 ? ` (and ${refused.length - 1} more: see 'keyhold env')` : '';
    throw new KeyholdError(first.state.kind === 'missing' ? 'NOT_FOUND' : 'DISABLED', refusalLine(first.binding.variable, first.binding.reference, first.state) + more);
  }
  const values = new Map<string, string>();
  return checked.map(({ binding, state }) => {
    const meta = (state as { meta: CredentialMeta }).meta;
    if (binding.reference.field !== null) {
      return { variable: binding.variable, value: fieldValue(meta, binding.reference.field), secret: false, credential: meta };
    }
    let value = values.get(meta.id);
    if (value === undefined) {
      value = vault.readValue(meta.id, purpose, origin);
      values.set(meta.id, value);
    }
    return { variable: binding.variable, value, secret: true, credential: meta };
  });
}

/** The audit detail for one resolution: which variables from which credentials, for what; no value. */
export function resolutionDetail(what: string, resolved: readonly ResolvedBinding[]): string {
  const names = resolved.map((r) => `${r.variable}=${r.credential.name}`).join(', ');
  const detail = `${what}; ${names || 'no references'}`;
  return detail.length > 2000 ? `${detail.slice(0, 1997)}...` : detail;
}
