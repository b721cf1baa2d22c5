// Needs attention: the health report grouped by severity (critical, high, medium, low). Each
// finding names its credential (a link to it), what is wrong, where (files and lines, never
// values) and what fixes it; a compromised credential has its incident checklist to tick off.
import { useEffect, useState } from 'react';
import { call, errorMessage, isClientError } from '../client.ts';
import { SEVERITIES, type Finding, type Severity } from '../../../shared/health.ts';
import { relativeTime } from '../lib/time.ts';
import { useHealth } from '../stores/health.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useSettings } from '../stores/settings.ts';
import { useUi } from '../stores/ui.ts';
import '../styles/health.css';

const SEVERITY_TITLES: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
/** Findings whose fix is a rotation get a Rotate button. */
const ROTATE_FIXES: ReadonlySet<Finding['kind']> = new Set(['exposed', 'expired', 'rotation-overdue', 'expiring-soon', 'rotation-due-soon', 'weak-value', 'duplicate-value', 'shared-not-rotated']);

function openCredential(id: string): void {
  const creds = useCredentials.getState();
  creds.setFilters({ section: 'all', tag: null, environment: null });
  useSelection.getState().select(id);
  useUi.getState().setView('credentials');
}

type Step = NonNullable<Finding['checklist']>[number];

/** One incident step. The box shows the click at once (the report that confirms it comes back a moment later). */
function ChecklistItem({ step, credentialId, now }: { step: Step; credentialId: string; now: number }) {
  const tick = useHealth((s) => s.tick);
  const [pending, setPending] = useState<boolean | null>(null);
  const toggle = async (done: boolean) => {
    setPending(done);
    try {
      await tick(credentialId, step.step, done);
    } finally {
      setPending(null);
    }
  };
  return (
    <label>
      <input type="checkbox" checked={pending ?? step.doneAt !== null} onChange={(e) => void toggle(e.target.checked)} />
      {step.label}
      {step.doneAt && <span className="muted"> · done {relativeTime(step.doneAt, now)}</span>}
    </label>
  );
}

function FindingItem({ f, now }: { f: Finding; now: number }) {
  const openDialog = useUi((s) => s.openDialog);
  const known = useCredentials((s) => (f.credentialId ? s.items.some((c) => c.id === f.credentialId) : false));
  const name = f.credentialName ?? (f.kind === 'damaged' ? 'Damaged record' : 'Vault');
  return (
    <li className={`finding finding-${f.severity}`}>
      <div className="finding-head">
        {f.credentialId && known ? (
          <button type="button" className="link-button mono finding-name" onClick={() => openCredential(f.credentialId!)}>{name}</button>
        ) : (
          <span className="mono finding-name">{name}</span>
        )}
        <span className="finding-title">{f.title}</span>
        {f.at && <time className="muted finding-time" dateTime={f.at}>{relativeTime(f.at, now)}</time>}
      </div>
      {f.locations && f.locations.length > 0 && (
        <ul className="finding-locations" aria-label="Where it was found">
          {f.locations.map((l, i) => (
            <li key={i} className="mono">
              {l.file}:{l.line}
              {l.place === 'git' && <span className="muted"> · git history{l.commit ? ` ${l.commit.slice(0, 12)}` : ''}</span>}
              {l.place === 'ignored' && <span className="muted"> · git-ignored</span>}
              {l.place === 'home' && <span className="muted"> · in your home folder</span>}
              {l.form !== 'raw' && <span className="muted"> · {l.form}</span>}
            </li>
          ))}
          {f.more ? <li className="muted">and {f.more} more (keyhold scan lists them all)</li> : null}
        </ul>
      )}
      {f.others && f.others.length > 0 && <p className="finding-detail">Same value as: <span className="mono">{f.others.join(', ')}</span></p>}
      {f.checklist && (
        <fieldset className="finding-checklist">
          <legend>Incident checklist</legend>
          {f.checklist.map((c) => <ChecklistItem key={c.step} step={c} credentialId={f.credentialId!} now={now} />)}
        </fieldset>
      )}
      <p className="finding-action">
        <span>{f.action}</span>
        {f.command && <code className="mono">{f.command}</code>}
        {f.credentialId && known && ROTATE_FIXES.has(f.kind) && (
          <button type="button" onClick={() => openDialog({ kind: 'rotate', id: f.credentialId! })}>Rotate…</button>
        )}
      </p>
    </li>
  );
}

function LeadTime() {
  const settings = useSettings((s) => s.settings);
  const update = useSettings((s) => s.update);
  const [text, setText] = useState('');
  useEffect(() => {
    if (settings) setText(String(settings.reminderLeadDays));
  }, [settings]);
  if (!settings) return null;
  const commit = () => {
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= 365 && n !== settings.reminderLeadDays) void update({ reminderLeadDays: n }).catch(() => setText(String(settings.reminderLeadDays)));
    else setText(String(settings.reminderLeadDays));
  };
  return (
    <label className="lead-time">
      Warn this many days ahead
      <input type="number" min={1} max={365} value={text} aria-label="Warn this many days ahead"
        onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
    </label>
  );
}

/** The desktop's leak scan: the home folder's usual plaintext places, or a chosen folder. */
function ScanActions({ onDone }: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const run = async (target: 'home' | 'folder') => {
    setBusy(true);
    setStatus(target === 'home' ? 'Scanning your home folder…' : 'Scanning…');
    try {
      const r = await call('scan.run', { target });
      const where = r.folder ?? 'your home folder';
      setStatus(`Scanned ${r.files} file${r.files === 1 ? '' : 's'} in ${where}: ${r.hits === 0 ? 'no stored value found' : `${r.hits} stored value${r.hits === 1 ? '' : 's'} found`}${r.unknownKeys ? `, ${r.unknownKeys} key-like string${r.unknownKeys === 1 ? '' : 's'} not in your vault (see keyhold scan)` : ''}.`);
      onDone();
    } catch (e) {
      setStatus(isClientError(e, 'CANCELLED') ? null : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="scan-actions" role="group" aria-label="Leak scan">
      <button type="button" disabled={busy} onClick={() => void run('home')}>Scan home folder</button>
      <button type="button" disabled={busy} onClick={() => void run('folder')}>Scan a folder…</button>
      {status && <span className="muted" role="status">{status}</span>}
    </div>
  );
}

export function HealthView() {
  const report = useHealth((s) => s.report);
  const error = useHealth((s) => s.error);
  const load = useHealth((s) => s.load);
  const leadDays = useSettings((s) => s.settings?.reminderLeadDays);
  useEffect(() => {
    void load();
  }, [load, leadDays]);
  const now = Date.now();
  return (
    <section className="page health-view" aria-labelledby="health-title">
      <header className="page-head">
        <h1 id="health-title">Needs attention</h1>
        {report && (
          <p className="muted" role="status">
            Checked {report.credentialsChecked} credential{report.credentialsChecked === 1 ? '' : 's'} ·{' '}
            {report.lastScanAt ? `last leak scan ${relativeTime(report.lastScanAt, now)}` : 'no leak scan yet: run keyhold scan'}
          </p>
        )}
        <LeadTime />
        <ScanActions onDone={() => void load()} />
      </header>
      {error && <p className="field-error" role="alert">{error}</p>}
      {report && report.findings.length === 0 && (
        <div className="empty-state"><p>Nothing needs attention.</p><span>No key is compromised, exposed, expired, overdue, duplicated, weak or forgotten.</span></div>
      )}
      {report && SEVERITIES.map((severity) => {
        const group = report.findings.filter((f) => f.severity === severity);
        if (group.length === 0) return null;
        const id = `health-${severity}`;
        return (
          <section key={severity} className={`health-group health-${severity}`} aria-labelledby={id}>
            <h2 id={id}><span className={`badge severity-${severity}`}>{SEVERITY_TITLES[severity]}</span> <span className="muted">{group.length}</span></h2>
            <ul className="findings">
              {group.map((f, i) => <FindingItem key={`${f.kind}:${f.credentialId ?? ''}:${i}`} f={f} now={now} />)}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
