// Sidebar: All, Needs attention, tags with counts, environments, trash; then the other views.
// Below 900 px it collapses to icons (labels stay as accessible names).
import { useMemo } from 'react';
import { ENVIRONMENTS } from '../../../shared/model.ts';
import { countsOf } from '../lib/filter.ts';
import { useNow } from '../lib/hooks.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useHealth } from '../stores/health.ts';
import { useSession } from '../stores/session.ts';
import { useUi, type View } from '../stores/ui.ts';
import { Icon, type IconName } from '../components/Icon.tsx';

function Item({ icon, label, count, current, onClick }: { icon: IconName; label: string; count?: number; current: boolean; onClick: () => void }) {
  return (
    <li>
      <button type="button" className="nav-item" aria-current={current ? 'page' : undefined} onClick={onClick} title={label}>
        <Icon name={icon} />
        <span className="nav-label">{label}</span>
        {count !== undefined && <span className="nav-count">{count}</span>}
      </button>
    </li>
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
  // Attention counts depend on the time; once a minute is plenty.
  const now = useNow(true, 60_000);
  const counts = useMemo(() => countsOf(items, now), [items, now]);
  // Once the health report is loaded its findings are the count; until then, the badge count.
  const healthCount = useHealth((s) => s.report?.findings.length);

  const inList = view === 'credentials';
  const plain = filters.tag === null && filters.environment === null;
  const show = (patch: Parameters<typeof setFilters>[0]) => {
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
      <ul className="nav-list">
        <Item icon="list" label="All credentials" count={counts.all} current={inList && filters.section === 'all' && plain} onClick={() => show({ section: 'all' })} />
        <Item icon="alert" label="Needs attention" count={healthCount ?? counts.attention} current={view === 'health'} onClick={() => go('health')} />
      </ul>
      <h2 className="nav-heading" id="nav-tags">
        <span className="nav-label">Tags</span>
      </h2>
      <ul className="nav-list nav-scroll" aria-labelledby="nav-tags">
        {tags.length === 0 && <li className="nav-empty nav-label">No tags yet</li>}
        {tags.map((t) => (
          <Item key={t.tag} icon="tag" label={t.tag} count={t.count} current={inList && filters.section === 'all' && filters.tag === t.tag} onClick={() => show({ section: 'all', tag: t.tag })} />
        ))}
      </ul>
      {tags.length > 0 && (
        <button type="button" className="link-button nav-label-button" onClick={() => openDialog({ kind: 'tags' })}>
          <Icon name="edit" />
          <span className="nav-label">Rename or merge tags</span>
        </button>
      )}
      <h2 className="nav-heading" id="nav-envs">
        <span className="nav-label">Environments</span>
      </h2>
      <ul className="nav-list" aria-labelledby="nav-envs">
        {ENVIRONMENTS.map((env) => (
          <Item key={env} icon="env" label={env} count={counts.env[env] ?? 0}
            current={inList && filters.section === 'all' && filters.environment === env && filters.tag === null}
            onClick={() => show({ section: 'all', environment: env })} />
        ))}
      </ul>
      <ul className="nav-list">
        <Item icon="trash" label="Trash" count={counts.trash} current={inList && filters.section === 'trash'} onClick={() => show({ section: 'trash' })} />
      </ul>
      <div className="nav-spacer" />
      <ul className="nav-list">
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
