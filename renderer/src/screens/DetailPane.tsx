// The selected credential, built around its value: the masked value with Reveal (auto-hides) and
// Copy (in main, with the clipboard countdown) on top, then Access, Lifecycle, Notes and Tags, and
// the collapsible version history and audit trail (with whatever detail each entry carries).
import { useEffect, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import { ActivityOrigin } from '../components/ActivityOrigin.tsx';
import type { AuditEntry, CredentialMeta } from '../../../shared/model.ts';
import { Badges } from '../components/Badges.tsx';
import { CountdownRing } from '../components/CountdownRing.tsx';
import { Icon } from '../components/Icon.tsx';
import { Menu } from '../components/Menu.tsx';
import * as actions from '../lib/actions.ts';
import { badgesOf, rotationDueAt, valueAge } from '../lib/badges.ts';
import { secondsLeft, useNow } from '../lib/hooks.ts';
import { localDate, localDateTime, relativeTime } from '../lib/time.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useUi } from '../stores/ui.ts';

export const MASK = '••••••••';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function ListValue({ values, empty = '—' }: { values: string[]; empty?: string }) {
  if (values.length === 0) return <span className="muted">{empty}</span>;
  return <span className="mono-list">{values.map((v) => <code key={v}>{v}</code>)}</span>;
}

/**
 * The value, full width on one line (a long key scrolls sideways instead of wrapping), with Reveal
 * and Copy inside the field. Both buttons keep their width while counting down, so nothing moves.
 */
function ValueField({ meta, now }: { meta: CredentialMeta; now: number }) {
  const revealed = useSelection((s) => s.revealed);
  const hide = useSelection((s) => s.hide);
  const copied = useUi((s) => s.copied);
  const shown = revealed && revealed.id === meta.id ? revealed : null;
  const copyLeft = copied && copied.id === meta.id ? secondsLeft(copied.until, now) : 0;
  const blocker = actions.copyBlocker(meta);
  const inTrash = meta.trashedAt !== null;
  const hideLeft = shown ? secondsLeft(shown.hideAt, now) : 0;
  return (
    <div className="value-block">
      <div className={`value-field${blocker ? ' blocked' : ''}`} role="group" aria-label="Secret value" aria-describedby={blocker ? 'value-blocker' : undefined}>
        {/* Focusable while revealed, so a long value can be scrolled with the keyboard too. */}
        <div className="value-scroll" tabIndex={shown ? 0 : undefined} aria-label={shown ? 'Revealed value' : undefined} role={shown ? 'region' : undefined}>
          {shown ? (
            <code className="value revealed" data-testid="revealed-value">{shown.value}</code>
          ) : (
            <><code className="value masked" aria-hidden="true">{MASK}</code><span className="sr-only">Value hidden</span></>
          )}
        </div>
        {shown ? (
          <button type="button" className="value-button reveal" onClick={hide} aria-label="Hide value">
            <CountdownRing fraction={hideLeft / Math.max(1, shown.hideAfterMs / 1000)} />
            Hide <span className="countdown">({hideLeft} s)</span>
          </button>
        ) : (
          <button type="button" className="value-button reveal" disabled={inTrash} onClick={() => void actions.revealValue(meta.id)} aria-label="Reveal value">
            <Icon name="eye" />Reveal
          </button>
        )}
        <button type="button" className="primary value-button copy" disabled={blocker !== null} onClick={() => void actions.copyValue(meta.id)}
          title="Copy value (Ctrl+C, or double-click the row)"
          aria-label={copyLeft > 0 ? `Copied · ${copyLeft} s, copy value again (clipboard clears in ${copyLeft} s)` : 'Copy value'}>
          {copyLeft > 0 ? `Copied · ${copyLeft} s` : 'Copy'}
        </button>
      </div>
      {blocker
        ? <p id="value-blocker" className="value-note blocked-note">{blocker}</p>
        : <p className="value-note muted">Version {meta.valueVersion}, {valueAge(meta, now)}</p>}
    </div>
  );
}

function TagEditor({ meta }: { meta: CredentialMeta }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function add(e: FormEvent) {
    e.preventDefault();
    const tags = draft.split(',').map((t) => t.trim()).filter(Boolean);
    if (tags.length === 0) return;
    const next = [...new Set([...meta.tags, ...tags])];
    if (next.length > 100) return setError('A credential can have at most 100 tags.');
    setError(null);
    if (await actions.setTags(meta, next)) setDraft('');
  }
  return (
    <div className="tag-editor">
      <ul className="chips" aria-label="Tags">
        {meta.tags.map((t) => (
          <li key={t} className="chip tag removable">
            {t}
            <button type="button" className="chip-x" aria-label={`Remove tag ${t}`} onClick={() => void actions.setTags(meta, meta.tags.filter((x) => x !== t))}>
              ✕
            </button>
          </li>
        ))}
        {meta.tags.length === 0 && <li className="muted">No tags</li>}
      </ul>
      <form onSubmit={add} className="inline-form">
        <input aria-label="Add tag" placeholder="Add tag" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" disabled={!draft.trim()}>Add</button>
      </form>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}


function History() {
  const history = useSelection((s) => s.history);
  if (history === null) return <p className="muted">Loading…</p>;
  if (history.length === 0) return <p className="muted">No previous values: this is the first.</p>;
  return (
    <ol className="history" aria-label="Previous values">
      {history.map((h) => (
        <li key={h.valueVersion}>
          <span className="mono">v{h.valueVersion}</span>
          <span>set {localDateTime(h.createdAt)}, replaced {localDateTime(h.replacedAt)}</span>
          <span className="muted">{h.reason || 'no reason given'}</span>
        </li>
      ))}
    </ol>
  );
}

/** Where an entry came from: app or CLI, the command, and a refusal if it was one. */
function originLine(a: AuditEntry): string {
  const parts: string[] = [a.origin.kind];
  if (a.origin.command) parts.push(a.origin.command);
  if (a.result !== 'ok') parts.push(a.result);
  return parts.join(' · ');
}

function Activity() {
  const activity = useSelection((s) => s.activity);
  if (activity === null) return <p className="muted">Loading…</p>;
  if (activity.length === 0) return <p className="muted">No recorded activity.</p>;
  return (
    <ol className="activity" aria-label="Activity">
      {activity.slice(0, 50).map((a) => (
        <li key={a.seq} className={a.result !== 'ok' ? 'warn-text' : undefined}>
          <time dateTime={a.time}>{localDateTime(a.time)}</time>
          <span><span className="mono">{a.action}</span> {a.origin.process ? <ActivityOrigin entry={a} /> : <span className="muted">{originLine(a)}</span>}</span>
          {/* Whatever detail the entry carries (e.g. which process read the key). */}
          {a.detail && <span className="activity-detail muted">{a.detail}</span>}
        </li>
      ))}
    </ol>
  );
}

/** A collapsible group (History, Activity); its open state survives switching credentials. */
function Section({ title, open, onToggle, children, count }: { title: string; open: boolean; onToggle: (open: boolean) => void; children: ReactNode; count: number | null }) {
  return (
    <details className="detail-section" open={open} onToggle={(e) => onToggle(e.currentTarget.open)}>
      <summary><h3>{title}{count !== null && <span className="muted count"> ({count})</span>}</h3></summary>
      {children}
    </details>
  );
}

export function DetailPane() {
  const selectedId = useSelection((s) => s.selectedId);
  const loadDetail = useSelection((s) => s.loadDetail);
  const history = useSelection((s) => s.history);
  const activity = useSelection((s) => s.activity);
  const meta = useCredentials((s) => (selectedId === null ? undefined : s.items.find((c) => c.id === selectedId)));
  const openDialog = useUi((s) => s.openDialog);
  const revealed = useSelection((s) => s.revealed !== null);
  const copied = useUi((s) => s.copied !== null);
  const now = useNow(true, revealed || copied ? 250 : 30_000);
  const [open, setOpen] = useState({ history: true, activity: true });

  useEffect(() => {
    if (meta) void loadDetail(meta.id);
  }, [meta, loadDetail]);

  // Esc in the detail (outside a field that still holds text) goes back to the list.
  function onKey(e: ReactKeyboardEvent) {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const t = e.target;
    if ((t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement) && t.value !== '') return;
    e.preventDefault();
    useUi.getState().focusList();
  }

  if (!meta) {
    return (
      <section className="detail-pane empty" aria-label="Credential details">
        <p className="muted">Select a credential to see its details.</p>
      </section>
    );
  }

  const due = rotationDueAt(meta);
  const inTrash = meta.trashedAt !== null;
  return (
    <section className="detail-pane" aria-labelledby="detail-title" onKeyDown={onKey}>
      <header className="detail-head">
        <h2 id="detail-title" className="mono" tabIndex={-1}>{meta.name}</h2>
        <div className="detail-sub">
          <span>{meta.service || 'No service'}</span>
          <span className="chip env">{meta.environment}</span>
          <span className="muted">{meta.keyType}</span>
          <Badges badges={badgesOf(meta, now)} />
        </div>
      </header>

      <ValueField meta={meta} now={now} />

      <div className="detail-actions">
        {!inTrash && <button type="button" onClick={() => openDialog({ kind: 'rotate', id: meta.id })}>Rotate</button>}
        {!inTrash && <button type="button" onClick={() => openDialog({ kind: 'edit', id: meta.id })}>Edit</button>}
        {!inTrash && (
          <button type="button" aria-disabled={meta.status !== 'active' || undefined} title={meta.status !== 'active' ? 'Only active credentials can be shared' : undefined}
            onClick={() => meta.status === 'active' && openDialog({ kind: 'share-create', ids: [meta.id] })}>Share</button>
        )}
        <Menu label={`More actions for ${meta.name}`} items={actions.credentialMenu(meta)} />
      </div>

      {inTrash && (
        <div className="banner" role="note">
          In the trash since {localDateTime(meta.trashedAt!)}. Restore it to use it again; Delete for good is in the ⋯ menu.
          <div className="row-actions">
            <button type="button" onClick={() => void actions.restore(meta)}>Restore</button>
          </div>
        </div>
      )}
      {meta.status === 'compromised' && (
        <div className="banner banner-red" role="note">
          <strong>Compromised.</strong> Treat this value as known to someone else:
          <ol className="checklist">
            <li>Revoke the key at the provider ({meta.service || 'the service'}).</li>
            <li>Rotate: create a new value and deploy it.</li>
            <li>Review the activity below for unexpected reveals, copies and shares.</li>
            <li>Tell everyone who received it in a share bundle.</li>
          </ol>
        </div>
      )}

      <h3 className="group-title">Access</h3>
      <dl className="fields">
        <Field label="Scopes"><ListValue values={meta.scopes} empty="None recorded: record what this key may do" /></Field>
        <Field label="Allowed IPs"><ListValue values={meta.allowedIps} empty="Any" /></Field>
        <Field label="Allowed domains"><ListValue values={meta.allowedDomains} empty="Any" /></Field>
      </dl>

      <h3 className="group-title">Lifecycle</h3>
      <dl className="fields">
        <Field label="Status">{meta.status}</Field>
        <Field label="Expires">{meta.expiresAt ? `${localDate(meta.expiresAt)} (${relativeTime(meta.expiresAt, now)})` : <span className="muted">Never</span>}</Field>
        <Field label="Rotation">
          {meta.rotationIntervalDays === null ? <span className="muted">No schedule</span>
            : `Every ${meta.rotationIntervalDays} days · next due ${localDate(new Date(due!).toISOString())} (${relativeTime(new Date(due!).toISOString(), now)})`}
        </Field>
        <Field label="Created">{localDateTime(meta.createdAt)}</Field>
        <Field label="Updated">{localDateTime(meta.updatedAt)}</Field>
        <Field label="Last shared">{meta.lastSharedAt ? localDateTime(meta.lastSharedAt) : <span className="muted">Never</span>}</Field>
      </dl>

      <h3 className="group-title">Notes</h3>
      {meta.notes ? <p className="notes">{meta.notes}</p> : <p className="muted">No notes.</p>}

      <h3 className="group-title">Tags</h3>
      {inTrash ? <ListValue values={meta.tags} empty="No tags" /> : <TagEditor meta={meta} />}

      <Section title="Version history" open={open.history} onToggle={(o) => setOpen((s) => ({ ...s, history: o }))} count={history?.length ?? null}>
        <History />
      </Section>
      <Section title="Activity" open={open.activity} onToggle={(o) => setOpen((s) => ({ ...s, activity: o }))} count={activity?.length ?? null}>
        <Activity />
      </Section>
    </section>
  );
}
