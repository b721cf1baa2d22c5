// The list pane: search (focused after unlock; Esc clears, ↓ enters the list), filters, sort, and
// a virtualised listbox of dense rows. Filtering is local over the fetched metadata. Rows copy on
// double-click or with their quick-copy icon, and open a context menu (also Shift+F10).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { ENVIRONMENTS, KEY_TYPES, STATUSES, type CredentialMeta, type CredentialStatus, type Environment, type KeyType } from '../../../shared/model.ts';
import { Badges } from '../components/Badges.tsx';
import { ContextMenu, type ContextMenuState } from '../components/ContextMenu.tsx';
import { Icon } from '../components/Icon.tsx';
import { copyValue, credentialMenu, startImport } from '../lib/actions.ts';
import { badgesOf, valueAge } from '../lib/badges.ts';
import { sortItems, visibleItems, type SortKey } from '../lib/filter.ts';
import { tagsThatFit } from '../lib/fit.ts';
import { useNow } from '../lib/hooks.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useUi } from '../stores/ui.ts';

export const ROW_HEIGHT = 34;

interface RowProps {
  c: CredentialMeta; index: number; count: number; selected: boolean; now: number; top: number; tagWidth: number;
  onPick: (id: string) => void;
  onMenu: (c: CredentialMeta, e: MouseEvent) => void;
}

const Row = memo(function Row({ c, index, count, selected, now, top, tagWidth, onPick, onMenu }: RowProps) {
  const dim = c.status === 'disabled' || c.status === 'revoked' || c.trashedAt !== null;
  const shown = c.tags.slice(0, tagsThatFit(c.tags, tagWidth));
  const more = c.tags.length - shown.length;
  const age = valueAge(c, now);
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
      onDoubleClick={() => void copyValue(c.id)}
      onContextMenu={(e) => onMenu(c, e)}
    >
      <span className="row-name mono" title={c.name}>{c.name}</span>
      <span className="row-service" title={c.service || undefined}>{c.service}</span>
      <span className="row-env"><span className="chip env">{c.environment}</span></span>
      <span className="row-tags">
        {shown.map((t) => <span key={t} className="chip tag" title={t}>{t}</span>)}
        {more > 0 && <span className="chip tag more" title={c.tags.slice(shown.length).join(', ')}>+{more}<span className="sr-only"> more tags: {c.tags.slice(shown.length).join(', ')}</span></span>}
      </span>
      <span className="row-age" title={age}>{age}</span>
      <Badges badges={badgesOf(c, now)} compact />
      {/* Mouse shortcut only (a listbox option holds no controls): Ctrl+C does the same from the keyboard. */}
      {c.trashedAt === null && (
        <span className="row-copy" aria-hidden="true" title="Copy value (double-click the row, or Ctrl+C)"
          onClick={(e) => {
            e.stopPropagation();
            onPick(c.id);
            void copyValue(c.id);
          }}
          onDoubleClick={(e) => e.stopPropagation()}>
          <Icon name="copy" />
        </span>
      )}
    </div>
  );
});

function emptyText(query: string, section: string, anyInVault: boolean): string {
  if (query.trim()) return `No credential matches '${query.trim()}'`;
  if (section === 'trash') return 'The trash is empty.';
  return anyInVault ? 'No credential in this view. Clear the filters to see everything.' : '';
}

function viewTitle(section: string, tag: string | null, env: string | null): string {
  if (section === 'trash') return 'Trash';
  if (tag) return `Tag ${tag}`;
  if (env) return `Environment ${env}`;
  return 'All credentials';
}

export function ListPane() {
  const items = useCredentials((s) => s.items);
  const loaded = useCredentials((s) => s.loaded);
  const total = useCredentials((s) => s.total);
  const damaged = useCredentials((s) => s.damaged);
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
  const [menu, setMenu] = useState<ContextMenuState | null>(null);
  const [tagWidth, setTagWidth] = useState(0);

  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const lastSelected = useRef({ index: 0, trashed: false });

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

  // The detail is never blank: when the selection leaves the view (filtered out, trashed, deleted)
  // its neighbour takes over; the first row is selected when nothing is.
  useEffect(() => {
    if (!loaded) return;
    if (selectedIndex >= 0) {
      lastSelected.current = { index: selectedIndex, trashed: visible[selectedIndex]!.trashedAt !== null };
      return;
    }
    // Gone from the vault or moved in or out of the trash: its neighbour. Only filtered out
    // (search, tag, environment): the first row, as a new search starts from the top.
    const gone = selectedId !== null && !items.some((c) => c.id === selectedId && (c.trashedAt !== null) === lastSelected.current.trashed);
    const next = visible[gone ? Math.min(lastSelected.current.index, visible.length - 1) : 0];
    select(next ? next.id : null);
  }, [loaded, visible, items, selectedId, selectedIndex, select]);

  // Keep the selection in sight: after adding a credential, clearing the search, changing view.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, query, filters, virtualizer]);

  // The tag column's width (the same in every row), for measuring which chips fit.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => {
      const cell = list.querySelector<HTMLElement>('.row-tags');
      setTagWidth(cell ? cell.clientWidth : 0);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(list);
    return () => ro.disconnect();
  }, [visible.length > 0]);

  useEffect(() => {
    if (focusSearchTick > 0) searchRef.current?.focus();
  }, [focusSearchTick]);
  useEffect(() => {
    if (focusListTick > 0) listRef.current?.focus();
  }, [focusListTick]);

  // Stable, so memoised rows do not re-render on every keystroke.
  // Clicking the row that is already selected refreshes its detail (e.g. activity the CLI added).
  const onPick = useCallback((id: string) => {
    listRef.current?.focus();
    if (useSelection.getState().selectedId === id) void useSelection.getState().loadDetail(id);
    else select(id);
  }, [select]);
  const onMenu = useCallback((c: CredentialMeta, e: MouseEvent) => {
    e.preventDefault();
    listRef.current?.focus();
    select(c.id);
    setMenu({ x: e.clientX, y: e.clientY, label: `Actions for ${c.name}`, items: credentialMenu(c, { fromList: true }) });
  }, [select]);
  const closeMenu = useCallback(() => setMenu(null), []);

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

  function openMenuForSelected() {
    const c = visible[selectedIndex];
    const row = c && document.getElementById(`opt-${c.id}`);
    if (!c || !row) return;
    const r = row.getBoundingClientRect();
    setMenu({ x: r.left + 24, y: r.bottom, label: `Actions for ${c.name}`, items: credentialMenu(c, { fromList: true }) });
  }

  function onListKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      e.preventDefault();
      openMenuForSelected();
      return;
    }
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
    <section className="list-pane" aria-labelledby="list-title">
      <h1 id="list-title" className="sr-only">{viewTitle(filters.section, filters.tag, filters.environment)}</h1>
      <div className="list-toolbar">
        <input
          ref={searchRef}
          type="search"
          className="search"
          aria-label="Search credentials"
          placeholder="Search credentials"
          title="Search names, services, tags and notes"
          value={query}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        {!vaultEmpty && (
          <button type="button" className="primary" onClick={() => openDialog({ kind: 'new' })} title="New credential (Ctrl+N)">
            New credential
          </button>
        )}
      </div>
      {!vaultEmpty && (
        <div className="list-filters">
          <select aria-label="Environment" value={filters.environment ?? ''} onChange={(e) => setFilters({ environment: (e.target.value || null) as Environment | null })}>
            <option value="">All environments</option>
            {ENVIRONMENTS.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
          <select aria-label="Type" value={filters.keyType ?? ''} onChange={(e) => setFilters({ keyType: (e.target.value || null) as KeyType | null })}>
            <option value="">All types</option>
            {KEY_TYPES.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
          <select aria-label="Status" value={filters.status ?? ''} onChange={(e) => setFilters({ status: (e.target.value || null) as CredentialStatus | null })}>
            <option value="">Any status</option>
            {STATUSES.map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
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
      )}
      {damaged.length > 0 && (
        <ul className="damaged-rows" aria-label="Damaged credentials">
          {damaged.map((d) => (
            <li key={d.id} className="damaged-row" title={d.reason}>
              <span className="row-name">Damaged credential (name unknown)</span>
              <span className="mono muted">id {d.id}</span>
              <span className="damaged-hint">Run <code>keyhold verify</code> for details; its name stays taken.</span>
            </li>
          ))}
        </ul>
      )}
      {vaultEmpty ? (
        <div className="empty-state">
          <p>Your vault is empty. Add your first API key, or bring in the ones you already have.</p>
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => openDialog({ kind: 'new' })}>New credential</button>
            <button type="button" onClick={() => startImport()}>Import</button>
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
                tagWidth={tagWidth} onPick={onPick} onMenu={onMenu} />
            );
          })}
        </div>
      </div>
      {menu && <ContextMenu menu={menu} onClose={closeMenu} />}
    </section>
  );
}
