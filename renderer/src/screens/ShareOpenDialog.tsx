// Open a bundle: from main's open dialog or a file dropped on the window; preview who sent what
// (never values), then import. An unknown sender must be accepted by fingerprint.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OpInput, OpOutput } from '../../../shared/contract.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { EXPIRY_SHORT, PASSPHRASE_WARNING } from '../lib/share.ts';
import { localDate, localDateTime, relativeTime } from '../lib/time.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useUi } from '../stores/ui.ts';

type Preview = OpOutput<'share.preview'>;

export function ShareOpenDialog({ file }: { file: { name: string; base64: string } | null }) {
  const closeDialog = useUi((s) => s.closeDialog);
  const toast = useUi((s) => s.toast);
  const load = useCredentials((s) => s.load);
  const [passphrase, setPassphrase] = useState('');
  const [needsPass, setNeedsPass] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [renames, setRenames] = useState<Record<string, string>>({});
  const [trust, setTrust] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  async function open(source: OpInput<'share.preview'>['source']) {
    setBusy(true);
    setError(null);
    try {
      const input: OpInput<'share.preview'> = { source };
      if (passphrase) input.passphrase = passphrase;
      const p = await call('share.preview', input);
      setPreview(p);
      setRenames(Object.fromEntries(p.credentials.filter((c) => c.clash).map((c) => [c.name, `${c.name}-imported`])));
    } catch (err) {
      if (isClientError(err, 'CANCELLED')) return;
      if (isClientError(err, 'WRONG_PASSWORD')) {
        setNeedsPass(true);
        setError(passphrase ? 'Wrong passphrase for this bundle.' : 'This bundle is sealed with a passphrase: enter it, then open again.');
      } else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  // A dropped file opens straight away.
  useEffect(() => {
    if (file && !started.current) {
      started.current = true;
      void open({ kind: 'bytes', base64: file.base64 });
    }
  }, [file]);

  async function doImport(e: FormEvent) {
    e.preventDefault();
    if (!preview) return;
    const unknown = preview.sender.contactName === null;
    if (unknown && !trust) return setError('Check the sender’s fingerprint with them, then tick the box to accept it.');
    setBusy(true);
    setError(null);
    try {
      const input: OpInput<'share.import'> = { token: preview.token };
      if (unknown) input.trustSender = true;
      if (Object.keys(renames).length > 0) input.renames = renames;
      const { imported } = await call('share.import', input);
      await load();
      closeDialog();
      toast(`Imported ${imported.length} credential${imported.length === 1 ? '' : 's'}: ${imported.join(', ')}.`);
    } catch (err) {
      setBusy(false);
      setError(isClientError(err, 'ALREADY_EXISTS') ? 'A name is already taken: change the names marked below.' : errorMessage(err));
    }
  }

  const now = Date.now();
  return (
    <Dialog title="Open share bundle" onClose={closeDialog} className="dialog-wide" stage={preview ? 'preview' : needsPass ? 'pass' : 'open'}>
      {!preview ? (
        <form className="form-grid" noValidate onSubmit={(e) => { e.preventDefault(); void open(file ? { kind: 'bytes', base64: file.base64 } : { kind: 'dialog' }); }}>
          {file ? <p>File: <span className="mono">{file.name}</span></p> : <p>Choose a <span className="mono">.age</span> bundle a teammate sent you, or drop it on the window.</p>}
          <div className="field">
            <label htmlFor="open-pass">Passphrase {needsPass ? '' : '(only for passphrase bundles)'}</label>
            <input id="open-pass" type="password" autoComplete="off" value={passphrase} data-autofocus={needsPass || undefined}
              onChange={(e) => setPassphrase(e.target.value)} />
          </div>
          <div className="dialog-actions">
            {error && <p className="field-error" role="alert">{error}</p>}
            <button type="button" onClick={closeDialog}>Cancel</button>
            <button type="submit" className="primary" data-autofocus={!needsPass || undefined} disabled={busy}>
              {busy ? 'Opening…' : file ? 'Open bundle' : 'Choose file…'}
            </button>
          </div>
        </form>
      ) : (
        <form className="form-grid" noValidate onSubmit={doImport}>
          <dl className="fields">
            <dt>From</dt>
            <dd>
              {preview.sender.contactName ?? <strong className="warn-text">Unknown sender</strong>}
              <span className="mono muted"> {preview.sender.fingerprint}</span>
            </dd>
            {(preview.passphrase || preview.intendedFor.length > 0) && (
              <><dt>For</dt><dd>{preview.intendedFor.length ? preview.intendedFor.join(', ') : <span className="muted">Nobody named by the sender</span>}</dd></>
            )}
            <dt>Created</dt><dd>{localDateTime(preview.createdAt)}</dd>
            <dt>Expires</dt><dd>{localDateTime(preview.expiresAt)} ({relativeTime(preview.expiresAt, now)})</dd>
            {preview.message && <><dt>Message</dt><dd>{preview.message}</dd></>}
          </dl>
          {preview.alreadyImportedAt !== null && (
            <p className="banner" role="status">
              Already imported{preview.alreadyImportedAt ? ` on ${localDate(preview.alreadyImportedAt)}` : ''}: a bundle imports once, so it cannot be imported again.
            </p>
          )}
          {preview.passphrase && <p className="note passphrase-warning"><strong className="warn-text">Not tied to its reader.</strong> {PASSPHRASE_WARNING}</p>}
          <h3>{preview.credentials.length} credential{preview.credentials.length === 1 ? '' : 's'}</h3>
          <ul className="pick-list" aria-label="Credentials in the bundle">
            {preview.credentials.map((c) => (
              <li key={c.name}>
                <span className="mono">{c.name}</span> <span className="muted">{[c.service, c.environment].filter(Boolean).join(' · ')}</span>
                {c.clash && preview.alreadyImportedAt === null && (
                  <div className="field">
                    <label htmlFor={`rename-${c.name}`}>Name taken: import as</label>
                    <input id={`rename-${c.name}`} className="mono" value={renames[c.name] ?? ''}
                      onChange={(e) => setRenames((r) => ({ ...r, [c.name]: e.target.value }))} />
                  </div>
                )}
              </li>
            ))}
          </ul>
          {preview.sender.contactName === null && preview.alreadyImportedAt === null && (
            <label className="check warning">
              <input type="checkbox" checked={trust} data-autofocus onChange={(e) => setTrust(e.target.checked)} />
              <span>This sender is not one of your contacts. I checked the fingerprint <span className="mono">{preview.sender.fingerprint}</span> with them.</span>
            </label>
          )}
          <p className="note">{EXPIRY_SHORT}</p>
          <div className="dialog-actions">
            {error && <p className="field-error" role="alert">{error}</p>}
            {preview.alreadyImportedAt !== null ? (
              <button type="button" className="primary" data-autofocus onClick={closeDialog}>Done</button>
            ) : (
              <>
                <button type="button" onClick={closeDialog}>Cancel</button>
                <button type="submit" className="primary" disabled={busy} data-autofocus={preview.sender.contactName !== null || undefined}>Import</button>
              </>
            )}
          </div>
        </form>
      )}
    </Dialog>
  );
}
