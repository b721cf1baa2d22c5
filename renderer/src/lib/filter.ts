// Local search, filters and sort over the fetched metadata. With 10,000 credentials a keystroke
// costs one lowercase substring test per item (a few ms), so search needs no debounce and no IPC.
import type { CredentialMeta, CredentialStatus, Environment, KeyType } from '../../../shared/model.ts';
import { needsAttention } from './badges.ts';

/** The list's sections; Needs attention is its own view (HealthView). */
export type Section = 'all' | 'trash';
export type SortKey = 'name' | 'rotated' | 'expiry';

export interface ListFilters {
  section: Section;
  tag: string | null;
  environment: Environment | null;
  keyType: KeyType | null;
  status: CredentialStatus | null;
}

export const NO_FILTERS: ListFilters = { section: 'all', tag: null, environment: null, keyType: null, status: null };

// Built once per metadata object (objects are replaced when they change), so typing never re-joins fields.
const haystacks = new WeakMap<CredentialMeta, string>();
function haystack(c: CredentialMeta): string {
  let h = haystacks.get(c);
  if (h === undefined) {
    h = `${c.name}\n${c.service}\n${c.tags.join('\n')}\n${c.notes}`.toLowerCase();
    haystacks.set(c, h);
  }
  return h;
}

export function matches(c: CredentialMeta, query: string, f: ListFilters, _now: number): boolean {
  const trashed = c.trashedAt !== null;
  if (f.section === 'trash' ? !trashed : trashed) return false;
  if (f.tag !== null && !c.tags.includes(f.tag)) return false;
  if (f.environment !== null && c.environment !== f.environment) return false;
  if (f.keyType !== null && c.keyType !== f.keyType) return false;
  if (f.status !== null && c.status !== f.status) return false;
  return query === '' || haystack(c).includes(query);
}

// Same order as main's credentials.list (electron/app/list-query.ts), so CLI and app agree.
const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: true });
const byName = (a: CredentialMeta, b: CredentialMeta) => collator.compare(a.name, b.name);

export function sortItems(items: CredentialMeta[], key: SortKey): CredentialMeta[] {
  if (key === 'name') return items.sort(byName);
  // Parse once per item: ISO strings with different offsets do not compare as text.
  const t = new Map<CredentialMeta, number>();
  for (const c of items) {
    if (key === 'rotated') t.set(c, Date.parse(c.valueUpdatedAt));
    else t.set(c, c.expiresAt === null ? Infinity : Date.parse(c.expiresAt) || Infinity);
  }
  if (key === 'rotated') {
    // Most recently rotated first.
    return items.sort((a, b) => t.get(b)! - t.get(a)! || byName(a, b));
  }
  // Soonest expiry first; credentials without expiry last.
  return items.sort((a, b) => {
    const x = t.get(a)!;
    const y = t.get(b)!;
    return x === y ? byName(a, b) : x < y ? -1 : 1;
  });
}

/** The visible list: filtered, then sorted. `sorted` is the full list already in `sort` order. */
export function visibleItems(sorted: CredentialMeta[], query: string, f: ListFilters, now: number): CredentialMeta[] {
  const q = query.trim().toLowerCase();
  const out: CredentialMeta[] = [];
  for (const c of sorted) if (matches(c, q, f, now)) out.push(c);
  return out;
}

/** Counts for the sidebar (credentials not in the trash). */
export function countsOf(items: CredentialMeta[], now: number): { all: number; attention: number; trash: number; env: Record<string, number> } {
  const env: Record<string, number> = {};
  let all = 0;
  let attention = 0;
  let trash = 0;
  for (const c of items) {
    if (c.trashedAt !== null) {
      trash++;
      continue;
    }
    all++;
    env[c.environment] = (env[c.environment] ?? 0) + 1;
    if (needsAttention(c, now)) attention++;
  }
  return { all, attention, trash, env };
}
