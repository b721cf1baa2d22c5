// Sidebar: All, Needs attention, tags with counts (a collapsible section with a filter, using the
// height that is left), environments, trash; then the other views. Below 900 px it collapses to
// icons and the tags and environments move into a popover (labels stay as accessible names).
import { useEffect, useMemo, useRef, useState } from 'react';
import { ENVIRONMENTS } from '../../../shared/model.ts';
import { countsOf } from '../lib/filter.ts';
import { useNow } from '../lib/hooks.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useHealth } from '../stores/health.ts';
import { useSession } from '../stores/session.ts';
import { useUi, type View } from '../stores/ui.ts';
import { Icon, type IconName } from '../components/Icon.tsx';

/** More tags than this and the section gets a filter box. */
const FILTER_FROM = 8;

function Item({ icon, label, count, current, onClick }: { icon: IconName; label: string; count?: number; current: boolean; onClick: () => void }) {
  return (
    <li>
      <button type="button" className="nav-item" aria-current={current ? 'page' : undefined} onClick={onClick} title={count === undefined ? label : `${label} (${count})`}>
        <Icon name={icon} />
        <span className="nav-label">{label}</span>
        {count !== undefined && <span className="nav-count">{count}</span>}
      </button>
    </li>
  );
}

type Show = (patch: { section: 'all'; tag?: string; environment?: (typeof ENVIRONMENTS)[number] }) => void;

/** The tag and environment lists, shared by the wide sidebar and the narrow popover. */
function TagList({ show, idPrefix }: { show: Show; idPrefix: string }) {
  const tags = useCredentials((s) => s.tags);
  const filters = useCredentials((s) => s.filters);
  const view = useUi((s) => s.view);
  const [q, setQ] = useState('');
  const inList = view === 'credentials';
  const needle = q.trim().toLowerCase();
  const shown = needle ? tags.filter((t) => t.tag.toLowerCase().includes(needle)) : tags;
  return (
    <>
      {tags.length > FILTER_FROM && (
        <input type="search" className="tag-filter" aria-label="Filter tags" placeholder="Filter tags" value={q} onChange={(e) => setQ(e.target.value)} />
      )}
      <ul className="nav-list nav-scroll" aria-labelledby={`${idPrefix}-tags`}>
        {tags.length === 0 && <li className="nav-empty">No tags yet</li>}
        {tags.length > 0 && shown.length === 0 && <li className="nav-empty">No tag matches '{q.trim()}'</li>}
        {shown.map((t) => (
          <Item key={t.tag} icon="tag" label={t.tag} count={t.count} current={inList && filters.section === 'all' && filters.tag === t.tag} onClick={() => show({ section: 'all', tag: t.tag })} />
        ))}
      </ul>
    </>
  );
}

function EnvList({ show, counts, idPrefix }: { show: Show; counts: Record<string, number>; idPrefix: string }) {
  const filters = useCredentials((s) => s.filters);
  const view = useUi((s) => s.view);
  const inList = view === 'credentials';
  return (
    <ul className="nav-list" aria-labelledby={`${idPrefix}-envs`}>
      {ENVIRONMENTS.map((env) => (
        <Item key={env} icon="env" label={env} count={counts[env] ?? 0}
          current={inList && filters.section === 'all' && filters.environment === env && filters.tag === null}
          onClick={() => show({ section: 'all', environment: env })} />
      ))}
    </ul>
  );
}

/** Narrow windows: one button opens the tags and environments beside the icon rail. */
function FilterPopover({ show, counts }: { show: Show; counts: Record<string, number> }) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    wrap.current?.querySelector<HTMLElement>('.nav-popover input, .nav-popover button')?.focus();
    const away = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);
  const pick: Show = (patch) => {
    show(patch);
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="nav-popover-wrap" ref={wrap} onKeyDown={(e) => {
      if (e.key === 'Escape' && open) {
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }
    }}>
      <button ref={button} type="button" className="nav-item" aria-expanded={open} aria-controls="nav-popover" title="Tags and environments"
        onClick={() => setOpen((o) => !o)}>
        <Icon name="tag" />
        <span className="nav-label">Tags and environments</span>
      </button>
      {open && (
        <div id="nav-popover" className="nav-popover" role="group" aria-label="Tags and environments">
          <h2 className="nav-heading" id="pop-tags">Tags</h2>
          <TagList show={pick} idPrefix="pop" />
          <h2 className="nav-heading" id="pop-envs">Environments</h2>
          <EnvList show={pick} counts={counts} idPrefix="pop" />
        </div>
      )}
    </div>
  );
}

export function Sidebar() {
  const items = useCredentials((s) => s.items);
  const tags = useCredentials((s) => s.tags);
  const filters = useCredentials((s) => s.filters);
  const setFilters = useCredentials((s) => s.setFilters);
  const view = useUi((s) => s.view);
  const setView = useUi((s) => s.setView);
  const openDialog = useUi((s) => s.openDialog);
  const lock = useSession((s) => s.lock);
  const [tagsOpen, setTagsOpen] = useState(true);
  // Attention counts depend on the time; once a minute is plenty.
  const now = useNow(true, 60_000);
  const counts = useMemo(() => countsOf(items, now), [items, now]);
  // Once the health report is loaded its findings are the count; until then, the badge count.
  const healthCount = useHealth((s) => s.report?.findings.length);

  const inList = view === 'credentials';
  const plain = filters.tag === null && filters.environment === null;
  const show: Show = (patch) => {
    setFilters({ tag: null, environment: null, ...patch });
    setView('credentials');
  };
  const go = (v: View) => setView(v);

  return (
    <nav className="sidebar" aria-label="Vault">
      <div className="vault-title" title="Keyhold">
        <Icon name="key" />
        <span className="nav-label">Keyhold</span>
      </div>
      <ul className="nav-list nav-fixed">
        <Item icon="list" label="All credentials" count={counts.all} current={inList && filters.section === 'all' && plain} onClick={() => { setFilters({ section: 'all', tag: null, environment: null }); go('credentials'); }} />
        <Item icon="alert" label="Needs attention" count={healthCount ?? counts.attention} current={view === 'health'} onClick={() => go('health')} />
      </ul>
      <FilterPopover show={show} counts={counts.env} />
      <div className={`nav-tags${tagsOpen ? '' : ' collapsed'}`}>
        <h2 className="nav-heading-wrap" id="side-tags">
          <button type="button" className="nav-section-toggle" aria-expanded={tagsOpen} onClick={() => setTagsOpen((o) => !o)}>
            <Icon name="chevron" />
            <span className="nav-label">Tags</span>
            <span className="nav-count">{tags.length}</span>
          </button>
        </h2>
        {tagsOpen && <TagList show={show} idPrefix="side" />}
        {tagsOpen && tags.length > 0 && (
          <button type="button" className="link-button nav-label-button" onClick={() => openDialog({ kind: 'tags' })}>
            <Icon name="edit" />
            <span className="nav-label">Rename or merge tags</span>
          </button>
        )}
      </div>
      <div className="nav-envs nav-fixed">
        <h2 className="nav-heading" id="side-envs">
          <span className="nav-label">Environments</span>
        </h2>
        <EnvList show={show} counts={counts.env} idPrefix="side" />
      </div>
      <ul className="nav-list nav-fixed">
        <Item icon="trash" label="Trash" count={counts.trash} current={inList && filters.section === 'trash'} onClick={() => { setFilters({ section: 'trash', tag: null, environment: null }); go('credentials'); }} />
      </ul>
      <ul className="nav-list nav-bottom">
        <Item icon="audit" label="Audit log" current={view === 'audit'} onClick={() => go('audit')} />
        <Item icon="share" label="Share" current={view === 'share'} onClick={() => go('share')} />
        <Item icon="settings" label="Settings" current={view === 'settings'} onClick={() => go('settings')} />
        <li>
          <button type="button" className="nav-item" title="Lock (Ctrl+L)" onClick={() => void lock()}>
            <Icon name="lock" />
            <span className="nav-label">Lock</span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
