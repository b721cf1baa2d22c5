// The list pane: search (focused after unlock; Esc clears, ↓ enters the list), filters, sort, and
// a virtualised listbox of dense rows. Filtering is local over the fetched metadata.
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { ENVIRONMENTS, KEY_TYPES, STATUSES, type CredentialMeta, type CredentialStatus, type Environment, type KeyType } from '../../../shared/model.ts';
import { Badges } from '../components/Badges.tsx';
import { badgesOf, valueAge } from '../lib/badges.ts';
import { sortItems, visibleItems, type SortKey } from '../lib/filter.ts';
import { useNow } from '../lib/hooks.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useUi } from '../stores/ui.ts';

export const ROW_HEIGHT = 34;
const MAX_TAGS = 3;

const Row = memo(function Row({ c, index, count, selected, now, top, onPick }: {
  c: CredentialMeta; index: number; count: number; selected: boolean; now: number; top: number;
  onPick: (id: string) => void;
}) {
  const dim = c.status === 'disabled' || c.status === 'revoked' || c.trashedAt !== null;
  const shown = c.tags.slice(0, MAX_TAGS);
  const more = c.tags.length - shown.length;
  return (
    <div
      id={`opt-${c.id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={count}
      className={`row${selected ? ' selected' : ''}${dim ? ' dim' : ''}${c.status === 'compromised' ? ' compromised' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onPick(c.id)}
    >
      <span className="row-name mono">{c.name}</span>
      <span className="row-service">{c.service}</span>
      <span className={`chip env env-${c.environment}`}>{c.environment}</span>
      <span className="row-tags">
        <span className="row-tag-list">{shown.map((t) => <span key={t} className="chip tag">{t}</span>)}</span>
        {more > 0 && <span className="chip tag more" title={c.tags.slice(MAX_TAGS).join(', ')}>+{more}</span>}
      </span>
      <span className="row-age">{valueAge(c, now)}</span>
      <Badges badges={badgesOf(c, now)} />
    </div>
  );
});

function emptyText(query: string, section: string, anyInVault: boolean): string {
  if (query.trim()) return `No credential matches '${query.trim()}'`;
  if (section === 'trash') return 'The trash is empty.';
  if (section === 'attention') return 'Nothing needs attention: no credential is expired, overdue or compromised.';
  return anyInVault ? 'No credential in this view. Clear the filters to see everything.' : '';
}

export function ListPane() {
  const items = useCredentials((s) => s.items);
  const loaded = useCredentials((s) => s.loaded);
  const total = useCredentials((s) => s.total);
  const query = useCredentials((s) => s.query);
  const filters = useCredentials((s) => s.filters);
  const sort = useCredentials((s) => s.sort);
  const setQuery = useCredentials((s) => s.setQuery);
  const setFilters = useCredentials((s) => s.setFilters);
  const setSort = useCredentials((s) => s.setSort);
  const selectedId = useSelection((s) => s.selectedId);
  const select = useSelection((s) => s.select);
  const openDialog = useUi((s) => s.openDialog);
  const focusSearchTick = useUi((s) => s.focusSearchTick);
  const focusListTick = useUi((s) => s.focusListTick);
  const now = useNow(true, 60_000);

  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const sorted = useMemo(() => sortItems([...items], sort), [items, sort]);
  const visible = useMemo(() => visibleItems(sorted, query, filters, now), [sorted, query, filters, now]);
  const selectedIndex = useMemo(() => (selectedId === null ? -1 : visible.findIndex((c) => c.id === selectedId)), [visible, selectedId]);
  const anyInVault = items.some((c) => c.trashedAt === null);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  useEffect(() => {
    if (focusSearchTick > 0) searchRef.current?.focus();
  }, [focusSearchTick]);
  useEffect(() => {
    if (focusListTick > 0) listRef.current?.focus();
  }, [focusListTick]);

  // Stable, so memoised rows do not re-render on every keystroke.
  const onPick = useCallback((id: string) => {
    listRef.current?.focus();
    select(id);
  }, [select]);

  function moveTo(index: number) {
    if (visible.length === 0) return;
    const i = Math.max(0, Math.min(visible.length - 1, index));
    const c = visible[i];
    if (!c) return;
    select(c.id);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  }

  function enterList() {
    listRef.current?.focus();
    if (selectedIndex < 0) moveTo(0);
  }

  function onSearchKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      e.stopPropagation();
      setQuery('');
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      enterList();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      enterList();
    }
  }

  function onListKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const page = Math.max(1, Math.floor((listRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const at = selectedIndex;
    switch (e.key) {
      case 'ArrowDown': moveTo(at + 1); break;
      case 'ArrowUp':
        if (at <= 0) searchRef.current?.focus();
        else moveTo(at - 1);
        break;
      case 'Home': moveTo(0); break;
      case 'End': moveTo(visible.length - 1); break;
      case 'PageDown': moveTo(at + page); break;
      case 'PageUp': moveTo(at - page); break;
      case 'Enter':
        if (selectedId) document.getElementById('detail-title')?.focus();
        break;
      case 'Escape':
        searchRef.current?.focus();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  const empty = loaded && visible.length === 0;
  const vaultEmpty = loaded && !anyInVault && filters.section === 'all' && !query.trim();
  const countText = `${visible.length.toLocaleString()} ${visible.length === 1 ? 'credential' : 'credentials'}`;

  return (
    <section className="list-pane" aria-label="Credential list">
      <div className="list-toolbar">
        <input
          ref={searchRef}
          type="search"
          className="search"
          aria-label="Search credentials"
          placeholder="Search name, service, tags, notes"
          value={query}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <button type="button" className="primary" onClick={() => openDialog({ kind: 'new' })} title="New credential (Ctrl+N)">
          New credential
        </button>
      </div>
      <div className="list-filters">
        <label>
          <span className="sr-only">Environment</span>
          <select aria-label="Environment" value={filters.environment ?? ''} onChange={(e) => setFilters({ environment: (e.target.value || null) as Environment | null })}>
            <option value="">All environments</option>
            {ENVIRONMENTS.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <label>
          <span className="sr-only">Type</span>
          <select aria-label="Type" value={filters.keyType ?? ''} onChange={(e) => setFilters({ keyType: (e.target.value || null) as KeyType | null })}>
            <option value="">All types</option>
            {KEY_TYPES.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <label>
          <span className="sr-only">Status</span>
          <select aria-label="Status" value={filters.status ?? ''} onChange={(e) => setFilters({ status: (e.target.value || null) as CredentialStatus | null })}>
            <option value="">Any status</option>
            {STATUSES.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <label className="sort">
          <span className="muted">Sort</span>
          <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="name">Name</option>
            <option value="rotated">Last rotated</option>
            <option value="expiry">Expiry</option>
          </select>
        </label>
        <span className="list-count" aria-live="polite" aria-atomic="true">
          {loaded ? countText : 'Loading…'}
          {total > items.length && ` (first ${items.length.toLocaleString()} of ${total.toLocaleString()})`}
        </span>
      </div>
      {vaultEmpty ? (
        <div className="empty-state">
          <p>Your vault is empty. Add your first API key, or bring in the ones you already have.</p>
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => openDialog({ kind: 'new' })}>New credential</button>
            <button type="button" onClick={() => openDialog({ kind: 'import' })}>Import…</button>
          </div>
        </div>
      ) : empty ? (
        <div className="empty-state" role="status">
          <p>{emptyText(query, filters.section, anyInVault)}</p>
          {query.trim() && <button type="button" onClick={() => { setQuery(''); searchRef.current?.focus(); }}>Clear search</button>}
        </div>
      ) : null}
      <div
        ref={listRef}
        className={`listbox${empty || vaultEmpty ? ' hidden' : ''}`}
        role="listbox"
        aria-label="Credentials"
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 ? `opt-${selectedId}` : undefined}
        onKeyDown={onListKey}
      >
        <div role="presentation" className="listbox-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const c = visible[v.index];
            if (!c) return null;
            return (
              <Row key={c.id} c={c} index={v.index} count={visible.length} selected={c.id === selectedId} now={now} top={v.start}
                onPick={onPick} />
            );
          })}
        </div>
      </div>
    </section>
  );
}
