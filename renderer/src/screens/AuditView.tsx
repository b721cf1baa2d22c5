// The whole audit trail, newest first, with filters and the chain's verification status.
import { useEffect, useMemo, useState } from 'react';
import type { OpInput, OpOutput } from '../../../shared/contract.ts';
import { AUDIT_ACTIONS, ORIGIN_KINDS, type AuditAction, type OriginInfo } from '../../../shared/model.ts';
import { call, errorMessage } from '../client.ts';
import { fromDateInput, localDateTime } from '../lib/time.ts';
import { useCredentials } from '../stores/credentials.ts';

const PAGE = 500;

export function AuditView() {
  const items = useCredentials((s) => s.items);
  const [credentialId, setCredentialId] = useState('');
  const [action, setAction] = useState<AuditAction | ''>('');
  const [origin, setOrigin] = useState<OriginInfo['kind'] | ''>('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [data, setData] = useState<OpOutput<'audit.list'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = useMemo(() => [...items].sort((a, b) => a.name.localeCompare(b.name)), [items]);

  useEffect(() => {
    let live = true;
    const q: OpInput<'audit.list'> = { limit };
    if (credentialId) q.credentialId = credentialId;
    if (action) q.action = action;
    if (origin) q.originKind = origin;
    const s = fromDateInput(since, false);
    const u = fromDateInput(until, true);
    if (s) q.since = s;
    if (u) q.until = u;
    call('audit.list', q).then(
      (r) => live && (setData({ ...r, entries: [...r.entries].sort((a, b) => b.seq - a.seq) }), setError(null)),
      (e) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [credentialId, action, origin, since, until, limit]);

  return (
    <section className="page audit-view" aria-labelledby="audit-title">
      <header className="page-head">
        <h1 id="audit-title">Audit log</h1>
        {data && (
          <p className={data.verified.ok ? 'verify-ok' : 'verify-bad'} role="status">
            {data.verified.ok
              ? '✓ Verified: the trail is complete and unaltered.'
              : `✗ Verification failed: ${data.verified.problems.slice(0, 3).join('; ') || 'the trail was altered'}. Someone or something changed the vault file.`}
          </p>
        )}
      </header>
      <div className="filters" role="group" aria-label="Audit filters">
        <label>
          Credential
          <select aria-label="Credential" value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
            <option value="">All credentials</option>
            {names.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>
          Action
          <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>
          Origin
          <select aria-label="Origin" value={origin} onChange={(e) => setOrigin(e.target.value as OriginInfo['kind'] | '')}>
            <option value="">All origins</option>
            {ORIGIN_KINDS.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </label>
        <label>
          From
          <input type="date" aria-label="From date" value={since} onChange={(e) => setSince(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" aria-label="To date" value={until} onChange={(e) => setUntil(e.target.value)} />
        </label>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {data && data.entries.length === 0 && <p className="empty-state">No audit entries match these filters.</p>}
      {data && data.entries.length > 0 && (
        <div className="table-scroll">
          <table className="audit-table" aria-label="Audit entries">
            <thead>
              <tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Credential</th><th scope="col">Origin</th><th scope="col">Result</th><th scope="col">Detail</th></tr>
            </thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.seq} className={e.result !== 'ok' ? 'warn-text' : undefined}>
                  <td data-label="Time"><time dateTime={e.time}>{localDateTime(e.time)}</time></td>
                  <td data-label="Action" className="mono">{e.action}</td>
                  <td data-label="Credential" className="mono">{e.credentialName ?? ''}</td>
                  <td data-label="Origin">{e.origin.kind}{e.origin.command ? ` · ${e.origin.command}` : ''}</td>
                  <td data-label="Result">{e.result}</td>
                  <td data-label="Detail" className="muted">{e.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.entries.length >= limit && (
            <button type="button" onClick={() => setLimit(limit + PAGE)}>Show {PAGE} older entries</button>
          )}
        </div>
      )}
    </section>
  );
}
