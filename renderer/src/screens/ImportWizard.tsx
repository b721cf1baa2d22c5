// The Import wizard: pick a file through main's dialog or drop one on the window (MainView passes
// the File; main gets only its path, from the preload), give its password if it has one, review
// the preview (names, environments and tags editable per row, what to do on a name clash), then
// import in one step and read the report. Values never come to this page: main keeps the file.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../shared/contract.ts';
import { CLASH_MODE_NAMES } from '../../../shared/contract.ts';
import { ENVIRONMENTS, type Environment } from '../../../shared/model.ts';
import { call, errorMessage, importDroppedFile, isClientError } from '../client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useCredentials } from '../stores/credentials.ts';
import { useUi, type DroppedFiles } from '../stores/ui.ts';

type Chosen = OpOutput<'import.choose'>;
type Row = OpOutput<'import.preview'>['rows'][number];
type Report = OpOutput<'import.apply'>;
type ClashMode = (typeof CLASH_MODE_NAMES)[number];
interface Edit { include: boolean; name: string; environment: Environment; tags: string }

const FORMAT_NAMES: Record<Chosen['format'], string> = {
  dotenv: '.env file', kdbx: 'KeePass database', bitwarden: 'Bitwarden export', '1pux': '1Password export', csv: 'CSV file',
};
const CLASH_LABELS: Record<ClashMode, string> = {
  skip: 'Skip it (keep what is in the vault)', rename: 'Import it as NAME (2)', fail: 'Stop: import nothing',
};

function tagList(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))];
}

export function ImportWizard({ dropped }: { dropped?: DroppedFiles | undefined } = {}) {
  const closeDialog = useUi((s) => s.closeDialog);
  const fileDrag = useUi((s) => s.fileDrag);
  const toast = useUi((s) => s.toast);
  const load = useCredentials((s) => s.load);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [password, setPassword] = useState('');
  const [csvMap, setCsvMap] = useState('');
  const [onClash, setOnClash] = useState<ClashMode>('skip');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [edits, setEdits] = useState<Record<number, Edit>>({});
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (err) {
      if (!isClientError(err, 'CANCELLED')) setError(isClientError(err, 'WRONG_PASSWORD') ? 'Wrong password for this file.' : errorMessage(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  async function choose() {
    const c = await run(() => call('import.choose', {}));
    if (c) await take(c);
  }

  /** A drop replaces the file in any step; a failed one leaves the step as it was, with the error. */
  async function takeDrop(files: File[]) {
    if (report) {
      setReport(null);
      setChosen(null);
      setRows(null);
    }
    const [file] = files;
    if (!file) return;
    if (files.length > 1) {
      setError(`${files.length} files were dropped. Drop one file at a time.`);
      return;
    }
    const c = await run(() => importDroppedFile(file));
    if (c) await take(c);
  }

  async function take(c: Chosen) {
    setChosen(c);
    setRows(null);
    setEdits({});
    setPassword('');
    setCsvMap('');
    if (!c.needsPassword && c.format !== 'csv') await preview(c, onClash);
  }

  // Each new drop (MainView bumps seq) is taken once.
  const takenSeq = useRef(0);
  useEffect(() => {
    if (!dropped || dropped.seq === takenSeq.current) return;
    takenSeq.current = dropped.seq;
    void takeDrop(dropped.files);
  }, [dropped?.seq]);

  async function preview(c: Chosen, mode: ClashMode) {
    const p = await run(() => call('import.preview', {
      token: c.token, onClash: mode, ...(password ? { password } : {}), ...(csvMap.trim() ? { csvMap: csvMap.trim() } : {}),
    }));
    if (!p) return;
    setRows(p.rows);
    setEdits((old) => {
      const next: Record<number, Edit> = {};
      for (const r of p.rows) {
        if (r.index < 0) continue;
        next[r.index] = old[r.index] ?? { include: r.action !== 'reject', name: r.name, environment: r.environment, tags: r.tags.join(', ') };
      }
      return next;
    });
  }

  async function doImport(e: FormEvent) {
    e.preventDefault();
    if (!chosen || !rows) return;
    const list = Object.entries(edits).map(([index, ed]) => ({ index: Number(index), include: ed.include, name: ed.name.trim(), environment: ed.environment, tags: tagList(ed.tags) }));
    if (list.some((r) => r.include && r.name === '')) return setError('Every imported row needs a name.');
    const r = await run(() => call('import.apply', { token: chosen.token, onClash, rows: list }));
    if (!r) return;
    setReport(r);
    await load();
    toast(`Imported ${r.imported.length} credential${r.imported.length === 1 ? '' : 's'}.`);
  }

  const setEdit = (index: number, patch: Partial<Edit>) => setEdits((all) => ({ ...all, [index]: { ...all[index]!, ...patch } }));
  const count = Object.values(edits).filter((e) => e.include).length;
  const stage = report ? 'report' : rows ? 'preview' : chosen ? 'details' : 'choose';
  // While files are dragged over the window: the drop zone lights up (choose), or a banner says a
  // drop replaces the current file (later steps).
  const dropHint = fileDrag && (stage === 'choose'
    ? null
    : <p className="drop-zone drop-zone-active drop-banner" aria-hidden="true">Drop to import this file instead{chosen ? ` of ${chosen.fileName}` : ''}</p>);

  return (
    <Dialog title="Import credentials" onClose={closeDialog} className="dialog-wide" stage={stage}
      description={stage === 'choose' ? 'From a .env file, a KeePass or KeePassXC database (.kdbx), a Bitwarden JSON export, a 1Password .1pux export or a CSV file. Nothing is imported before you confirm.' : undefined}>
      {dropHint}
      {report ? (
        <div className="form-grid" role="status">
          <p>Imported {report.imported.length}, renamed {report.renamed.length}, skipped {report.skipped.length}, rejected {report.rejected.length}.</p>
          {report.renamed.length > 0 && (
            <ul className="pick-list" aria-label="Renamed">
              {report.renamed.map((r) => <li key={r.to}><span className="mono">{r.from}</span> → <span className="mono">{r.to}</span> (name taken)</li>)}
            </ul>
          )}
          {report.rejected.length > 0 && (
            <ul className="pick-list" aria-label="Rejected">
              {report.rejected.map((r, i) => <li key={i}><span className="mono">{r.name || '–'}</span>: {r.reason}</li>)}
            </ul>
          )}
          <div className="dialog-actions"><button type="button" className="primary" data-autofocus onClick={closeDialog}>Done</button></div>
        </div>
      ) : !chosen || !rows ? (
        <form className="form-grid" noValidate onSubmit={(e) => { e.preventDefault(); void (chosen ? preview(chosen, onClash) : choose()); }}>
          {chosen ? <p>File: <span className="mono">{chosen.fileName}</span> ({FORMAT_NAMES[chosen.format]})</p> : (
            <div className={`drop-zone${fileDrag ? ' drop-zone-active' : ''}`} data-testid="import-drop-zone">
              {fileDrag ? 'Release to read this file' : 'Drop a file here, or choose one.'}
              <span className="hint">Only names and fields are shown before you import; values stay hidden.</span>
            </div>
          )}
          {chosen?.needsPassword && (
            <div className="field">
              <label htmlFor="import-pass">Password of the file</label>
              <input id="import-pass" type="password" autoComplete="off" data-autofocus value={password} onChange={(e) => setPassword(e.target.value)} />
            </div>
          )}
          {chosen?.format === 'csv' && (
            <div className="field">
              <label htmlFor="import-map">Columns (optional)</label>
              <input id="import-map" className="mono" data-autofocus placeholder="name=Title,value=Password,service=URL" value={csvMap} onChange={(e) => setCsvMap(e.target.value)} />
              <p className="hint">Which column holds which field. Columns named name, value, service, tags, notes are found without it.</p>
            </div>
          )}
          {error && <p className="field-error" role="alert">{error}</p>}
          <div className="dialog-actions">
            <button type="button" onClick={closeDialog}>Cancel</button>
            {chosen && <button type="button" onClick={() => void choose()} disabled={busy}>Another file…</button>}
            <button type="submit" className="primary" data-autofocus={!chosen || undefined} disabled={busy}>
              {busy ? 'Reading…' : chosen ? 'Show preview' : 'Choose file…'}
            </button>
          </div>
        </form>
      ) : (
        <form className="form-grid" noValidate onSubmit={doImport}>
          <p>File: <span className="mono">{chosen.fileName}</span> ({FORMAT_NAMES[chosen.format]}). Values are not shown.</p>
          <div className="field">
            <label htmlFor="import-clash">When a name is taken</label>
            <select id="import-clash" value={onClash} onChange={(e) => { const m = e.target.value as ClashMode; setOnClash(m); void preview(chosen, m); }}>
              {CLASH_MODE_NAMES.map((m) => <option key={m} value={m}>{CLASH_LABELS[m]}</option>)}
            </select>
          </div>
          <div className="import-table-wrap">
            <table className="import-table" aria-label="Preview of the import">
              <thead><tr><th scope="col">Import</th><th scope="col">Name</th><th scope="col">Service</th><th scope="col">Environment</th><th scope="col">Tags</th><th scope="col">Note</th></tr></thead>
              <tbody>
                {rows.map((r, i) => {
                  const ed = r.index >= 0 ? edits[r.index] : undefined;
                  const note = r.action === 'rename' ? `name taken: becomes ${r.target}` : r.reason ?? r.where;
                  if (!ed) {
                    return (
                      <tr key={`left-${i}`} className="dimmed">
                        <td>—</td><td className="mono">{r.name || '–'}</td><td /><td /><td /><td>{note} ({r.where})</td>
                      </tr>
                    );
                  }
                  return (
                    <tr key={r.index} className={ed.include ? undefined : 'dimmed'}>
                      <td><input type="checkbox" aria-label={`Import ${r.name}`} checked={ed.include} onChange={(e) => setEdit(r.index, { include: e.target.checked })} /></td>
                      <td><input className="mono" aria-label={`Name for ${r.name}`} value={ed.name} onChange={(e) => setEdit(r.index, { name: e.target.value })} /></td>
                      <td>{r.service || '–'}</td>
                      <td>
                        <select aria-label={`Environment for ${r.name}`} value={ed.environment} onChange={(e) => setEdit(r.index, { environment: e.target.value as Environment })}>
                          {ENVIRONMENTS.map((env) => <option key={env} value={env}>{env}</option>)}
                        </select>
                      </td>
                      <td><input aria-label={`Tags for ${r.name}`} value={ed.tags} onChange={(e) => setEdit(r.index, { tags: e.target.value })} /></td>
                      <td className={r.clash || r.action === 'reject' ? 'warn-text' : 'muted'}>{note}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {error && <p className="field-error" role="alert">{error}</p>}
          <div className="dialog-actions">
            <button type="button" onClick={closeDialog}>Cancel</button>
            <button type="submit" className="primary" data-autofocus disabled={busy || count === 0}>
              {busy ? 'Importing…' : `Import ${count} credential${count === 1 ? '' : 's'}`}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
