// Create a share bundle: pick credentials, contacts or a passphrase, and an expiry; main builds the
// bundle and saves it through its save dialog.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { OpInput, OpOutput } from '../../../shared/contract.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, EXPIRY_SHORT, parseIntendedFor } from '../lib/share.ts';
import { localDateTime } from '../lib/time.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useUi } from '../stores/ui.ts';

const SHOW_MAX = 200;

export function ShareCreateDialog({ initialIds }: { initialIds: string[] }) {
  const items = useCredentials((s) => s.items);
  const closeDialog = useUi((s) => s.closeDialog);
  const toast = useUi((s) => s.toast);
  const [picked, setPicked] = useState<Set<string>>(() => new Set(initialIds));
  const [filter, setFilter] = useState('');
  const [contacts, setContacts] = useState<OpOutput<'contacts.list'> | null>(null);
  const [mode, setMode] = useState<'contacts' | 'passphrase'>('contacts');
  const [to, setTo] = useState<Set<string>>(new Set());
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [intendedFor, setIntendedFor] = useState('');
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('contacts.list', {}).then((c) => {
      setContacts(c);
      if (c.length === 0) setMode('passphrase');
    }, () => setContacts([]));
  }, []);

  const usable = useMemo(() => items.filter((c) => c.trashedAt === null && c.status === 'active').sort((a, b) => a.name.localeCompare(b.name)), [items]);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (q ? usable.filter((c) => c.name.toLowerCase().includes(q) || c.service.toLowerCase().includes(q)) : usable).slice(0, SHOW_MAX);
  }, [usable, filter]);

  const toggle = (set: Set<string>, key: string) => {
    const next = new Set(set);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (picked.size === 0) return setError('Pick at least one credential to share.');
    let recipients: OpInput<'share.create'>['to'];
    if (mode === 'contacts') {
      if (to.size === 0) return setError('Pick at least one contact, or use a passphrase.');
      recipients = { kind: 'contacts', names: [...to] };
    } else {
      if (pass.length < 8) return setError('Use a passphrase of at least 8 characters.');
      if (pass !== pass2) return setError('The two passphrases differ.');
      const forNames = parseIntendedFor(intendedFor);
      if ('bad' in forNames) return setError(`“${forNames.bad.slice(0, 100)}” is not a name: use letters, digits and . _ @ + -, separated by commas.`);
      recipients = { kind: 'passphrase', passphrase: pass, ...(forNames.names.length ? { intendedFor: forNames.names } : {}) };
    }
    setError(null);
    setBusy(true);
    try {
      const input: OpInput<'share.create'> = { credentialIds: [...picked], to: recipients, expiresInSeconds: expiry };
      if (message.trim()) input.message = message.trim();
      const sent = await call('share.create', input);
      closeDialog();
      toast(`Bundle ${sent.file ? `saved to ${sent.file}` : 'created'}. It expires ${localDateTime(sent.expiresAt)}.`);
    } catch (err) {
      setBusy(false);
      if (isClientError(err, 'CANCELLED')) return; // the user closed the save dialog: stay here
      setError(errorMessage(err));
    }
  }

  return (
    <Dialog title="New share bundle" onClose={closeDialog} className="dialog-wide">
      <form onSubmit={submit} noValidate className="form-grid">
        <fieldset>
          <legend>Credentials ({picked.size} picked)</legend>
          <input type="search" aria-label="Filter credentials to share" placeholder="Filter by name or service" value={filter}
            data-autofocus onChange={(e) => setFilter(e.target.value)} />
          <ul className="pick-list">
            {shown.map((c) => (
              <li key={c.id}>
                <label className="check">
                  <input type="checkbox" checked={picked.has(c.id)} onChange={() => setPicked((p) => toggle(p, c.id))} />
                  <span className="mono">{c.name}</span> <span className="muted">{[c.service, c.environment].filter(Boolean).join(' · ')}</span>
                </label>
              </li>
            ))}
            {shown.length === 0 && <li className="muted">No active credential matches.</li>}
          </ul>
          {usable.length > SHOW_MAX && shown.length === SHOW_MAX && <p className="hint">Showing the first {SHOW_MAX}; filter to find others.</p>}
        </fieldset>
        <fieldset>
          <legend>Send to</legend>
          <div className="segmented" role="radiogroup" aria-label="Recipients">
            <label><input type="radio" name="share-mode" checked={mode === 'contacts'} onChange={() => setMode('contacts')} /> To contacts</label>
            <label><input type="radio" name="share-mode" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} /> With a passphrase</label>
          </div>
          {mode === 'contacts' ? (
            contacts && contacts.length === 0 ? <p className="hint">No contacts yet: add them under Share, or use a passphrase.</p> : (
              <ul className="pick-list short">
                {(contacts ?? []).map((c) => (
                  <li key={c.name}>
                    <label className="check">
                      <input type="checkbox" checked={to.has(c.name)} onChange={() => setTo((t) => toggle(t, c.name))} />
                      {c.name} <span className="muted mono">{c.fingerprint}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )
          ) : (
            <div className="field-pair">
              <div className="field">
                <label htmlFor="share-pass">Passphrase</label>
                <input id="share-pass" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="share-pass2">Repeat passphrase</label>
                <input id="share-pass2" type="password" autoComplete="new-password" value={pass2} onChange={(e) => setPass2(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="share-for">For (optional)</label>
                <input id="share-for" value={intendedFor} placeholder="bob, carol" onChange={(e) => setIntendedFor(e.target.value)} />
              </div>
              <p className="hint">Tell the passphrase over a different channel than the file (a call, not the same chat). The names are signed into the bundle and shown to whoever opens it.</p>
            </div>
          )}
        </fieldset>
        <div className="field-pair">
          <div className="field">
            <label htmlFor="share-expiry">Expires after</label>
            <select id="share-expiry" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
              {EXPIRY_CHOICES.map((c) => <option key={c.seconds} value={c.seconds}>{c.label}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="share-message">Message (optional)</label>
            <input id="share-message" value={message} onChange={(e) => setMessage(e.target.value)} />
          </div>
        </div>
        <p className="note">{EXPIRY_SHORT}</p>
        <div className="dialog-actions">
          {error && <p className="field-error" role="alert">{error}</p>}
          <button type="button" onClick={closeDialog}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Create and save bundle'}</button>
        </div>
      </form>
    </Dialog>
  );
}
