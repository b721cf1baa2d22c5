// credentials.list: search, filters, scope, sort and paging over the unlocked vault's metadata.
// Plain in-memory filtering: 10,000 credentials take a few milliseconds (see bench/).
import type { ListQuery } from '../../shared/contract.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import { collate } from '../vault/collation.ts';

function inScope(m: CredentialMeta, scope: NonNullable<ListQuery['scope']>): boolean {
  const trashed = m.trashedAt !== null;
  switch (scope) {
    case 'all':
      return true;
    case 'trash':
      return trashed;
    case 'active': // everything outside the trash, whatever its status
      return !trashed;
    default: // a status name: outside the trash with that status
      return !trashed && m.status === scope;
  }
}

function matches(m: CredentialMeta, needle: string): boolean {
  if (m.name.toLowerCase().includes(needle)) return true;
  if (m.service.toLowerCase().includes(needle)) return true;
  if (m.tags.some((t) => t.toLowerCase().includes(needle))) return true;
  return m.notes.toLowerCase().includes(needle);
}

function expiryKey(m: CredentialMeta): number {
  if (m.expiresAt === null) return Infinity;
  const t = Date.parse(m.expiresAt);
  return Number.isNaN(t) ? Infinity : t;
}

function byName(a: CredentialMeta, b: CredentialMeta): number {
  return collate(a.name, b.name);
}

export function queryCredentials(all: CredentialMeta[], q: ListQuery): { total: number; items: CredentialMeta[] } {
  const scope = q.scope ?? 'active';
  const needle = q.query ? q.query.toLowerCase() : '';
  const hits = all.filter(
    (m) =>
      inScope(m, scope) &&
      (q.tag === undefined || m.tags.includes(q.tag)) &&
      (q.environment === undefined || m.environment === q.environment) &&
      (q.keyType === undefined || m.keyType === q.keyType) &&
      (needle === '' || matches(m, needle)),
  );
  const sort = q.sort ?? 'name';
  if (sort === 'name') hits.sort(byName);
  else if (sort === 'rotated') {
    // Most recently rotated first; ISO strings from the vault compare as times, but parse to be safe.
    const t = new Map(hits.map((m) => [m.id, Date.parse(m.valueUpdatedAt)]));
    hits.sort((a, b) => (t.get(b.id) ?? 0) - (t.get(a.id) ?? 0) || byName(a, b));
  } else {
    // Soonest expiry first, credentials without an expiry last.
    const t = new Map(hits.map((m) => [m.id, expiryKey(m)]));
    hits.sort((a, b) => {
      const x = t.get(a.id) ?? Infinity;
      const y = t.get(b.id) ?? Infinity;
      return x === y ? byName(a, b) : x < y ? -1 : 1;
    });
  }
  const offset = q.offset ?? 0;
  const end = q.limit === undefined ? undefined : offset + q.limit;
  return { total: hits.length, items: hits.slice(offset, end) };
}
