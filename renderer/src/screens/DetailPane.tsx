// The selected credential: every field, the masked value with Reveal (auto-hides) and Copy (in
// main, with the clipboard countdown), tags, version history and the credential's own audit trail.
import { ActivityOrigin } from '../components/ActivityOrigin.tsx';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { CredentialMeta } from '../../../shared/model.ts';
import { Badges } from '../components/Badges.tsx';
import { Menu, type MenuItem } from '../components/Menu.tsx';
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

function ValueRow({ meta, now }: { meta: CredentialMeta; now: number }) {
  const revealed = useSelection((s) => s.revealed);
  const hide = useSelection((s) => s.hide);
  const copied = useUi((s) => s.copied);
  const shown = revealed && revealed.id === meta.id ? revealed : null;
  const copyLeft = copied && copied.id === meta.id ? secondsLeft(copied.until, now) : 0;
  const inTrash = meta.trashedAt !== null;
  return (
    <div className="value-row">
      <div className="value-box" role="group" aria-label="Secret value">
        {shown ? (
          <code className="value revealed" data-testid="revealed-value">{shown.value}</code>
        ) : (
          <><code className="value masked" aria-hidden="true">{MASK}</code><span className="sr-only">Value hidden</span></>
        )}
      </div>
      {shown ? (
        <button type="button" onClick={hide} aria-label="Hide value">
          Hide <span className="countdown">({secondsLeft(shown.hideAt, now)} s)</span>
        </button>
      ) : (
        <button type="button" onClick={() => void actions.revealValue(meta.id)} aria-label="Reveal value">
          Reveal
        </button>
      )}
      <button type="button" className="primary" disabled={inTrash} onClick={() => void actions.copyValue(meta.id)}
        title="Copy value (Ctrl+C)" aria-label={copyLeft > 0 ? `Copy value, clipboard clears in ${copyLeft} s` : 'Copy value'}>
        {copyLeft > 0 ? `Copied · ${copyLeft} s` : 'Copy'}
      </button>
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

function Activity() {
  const activity = useSelection((s) => s.activity);
  if (activity === null) return <p className="muted">Loading…</p>;
  if (activity.length === 0) return <p className="muted">No recorded activity.</p>;
  return (
    <ol className="activity" aria-label="Activity">
      {activity.slice(0, 50).map((a) => (
        <li key={a.seq} className={a.result !== 'ok' ? 'warn-text' : undefined}>
          <time dateTime={a.time}>{localDateTime(a.time)}</time>
          <span className="mono">{a.action}</span>
          <ActivityOrigin entry={a} />
        </li>
      ))}
    </ol>
  );
}

function menuFor(meta: CredentialMeta): MenuItem[] {
  if (meta.trashedAt !== null) {
    return [
      { label: 'Restore', onSelect: () => void actions.restore(meta) },
      { label: 'Delete for good…', onSelect: () => void actions.purge(meta), danger: true },
    ];
  }
  const items: MenuItem[] = [];
  if (meta.status !== 'active') items.push({ label: 'Enable', onSelect: () => void actions.setStatus(meta, 'active') });
  if (meta.status !== 'disabled') items.push({ label: 'Disable…', onSelect: () => void actions.setStatus(meta, 'disabled'), danger: true });
  if (meta.status !== 'compromised') items.push({ label: 'Mark compromised…', onSelect: () => void actions.setStatus(meta, 'compromised'), danger: true });
  if (meta.status !== 'revoked') items.push({ label: 'Mark revoked…', onSelect: () => void actions.setStatus(meta, 'revoked'), danger: true });
  items.push({ label: 'Move to trash…', onSelect: () => void actions.trash(meta), danger: true });
  return items;
}

export function DetailPane() {
  const selectedId = useSelection((s) => s.selectedId);
  const loadDetail = useSelection((s) => s.loadDetail);
  const meta = useCredentials((s) => (selectedId === null ? undefined : s.items.find((c) => c.id === selectedId)));
  const openDialog = useUi((s) => s.openDialog);
  const revealed = useSelection((s) => s.revealed !== null);
  const copied = useUi((s) => s.copied !== null);
  const now = useNow(true, revealed || copied ? 250 : 30_000);

  useEffect(() => {
    if (meta) void loadDetail(meta.id);
  }, [meta, loadDetail]);

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
    <section className="detail-pane" aria-labelledby="detail-title">
      <header className="detail-head">
        <div className="detail-titles">
          <h2 id="detail-title" className="mono" tabIndex={-1}>{meta.name}</h2>
          <p className="muted">{meta.service || 'No service'} · <span className={`chip env env-${meta.environment}`}>{meta.environment}</span> · {meta.keyType}</p>
          <Badges badges={badgesOf(meta, now)} />
        </div>
        <div className="detail-actions">
          {!inTrash && <button type="button" onClick={() => openDialog({ kind: 'rotate', id: meta.id })}>Rotate</button>}
          {!inTrash && <button type="button" onClick={() => openDialog({ kind: 'edit', id: meta.id })}>Edit</button>}
          {!inTrash && <button type="button" onClick={() => openDialog({ kind: 'share-create', ids: [meta.id] })}>Share</button>}
          <Menu label={`More actions for ${meta.name}`} items={menuFor(meta)} />
        </div>
      </header>

      {inTrash && (
        <div className="banner" role="note">
          In the trash since {localDateTime(meta.trashedAt!)}. Restore it to use it again, or delete it for good.
          <div className="row-actions">
            <button type="button" onClick={() => void actions.restore(meta)}>Restore</button>
            <button type="button" className="danger" onClick={() => void actions.purge(meta)}>Delete for good</button>
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

      <ValueRow meta={meta} now={now} />
      <p className="muted small">Version {meta.valueVersion}, {valueAge(meta, now)}</p>

      <dl className="fields">
        <Field label="Status">{meta.status}</Field>
        <Field label="Service">{meta.service || <span className="muted">—</span>}</Field>
        <Field label="Environment">{meta.environment}</Field>
        <Field label="Type">{meta.keyType}</Field>
        <Field label="Scopes"><ListValue values={meta.scopes} empty="None recorded: record what this key may do" /></Field>
        <Field label="Allowed IPs"><ListValue values={meta.allowedIps} empty="Any" /></Field>
        <Field label="Allowed domains"><ListValue values={meta.allowedDomains} empty="Any" /></Field>
        <Field label="Expires">{meta.expiresAt ? `${localDate(meta.expiresAt)} (${relativeTime(meta.expiresAt, now)})` : <span className="muted">Never</span>}</Field>
        <Field label="Rotation">
          {meta.rotationIntervalDays === null ? <span className="muted">No schedule</span>
            : `Every ${meta.rotationIntervalDays} days · next due ${localDate(new Date(due!).toISOString())} (${relativeTime(new Date(due!).toISOString(), now)})`}
        </Field>
        <Field label="Created">{localDateTime(meta.createdAt)}</Field>
        <Field label="Updated">{localDateTime(meta.updatedAt)}</Field>
        <Field label="Last shared">{meta.lastSharedAt ? localDateTime(meta.lastSharedAt) : <span className="muted">Never</span>}</Field>
        <Field label="Notes">{meta.notes ? <span className="notes">{meta.notes}</span> : <span className="muted">—</span>}</Field>
      </dl>

      <h3>Tags</h3>
      {inTrash ? <ListValue values={meta.tags} empty="No tags" /> : <TagEditor meta={meta} />}

      <h3>Version history</h3>
      <History />

      <h3>Activity</h3>
      <Activity />
    </section>
  );
}
