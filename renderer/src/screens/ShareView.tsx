// Sharing: this vault's identity, teammates' identities (contacts), bundles sent, and the two
// entry points: create a bundle, open one.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { OpOutput } from '../../../shared/contract.ts';
import { contactNameSchema } from '../../../shared/contract.ts';
import { call, errorMessage, isClientError, onEvent } from '../client.ts';
import { EXPIRY_NOTE } from '../lib/share.ts';
import { localDateTime, relativeTime } from '../lib/time.ts';
import { confirm } from '../stores/confirm.ts';
import { useUi } from '../stores/ui.ts';

type Contact = OpOutput<'contacts.list'>[number];

function IdentityCard() {
  const [identity, setIdentity] = useState<OpOutput<'identity.get'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useUi((s) => s.toast);
  useEffect(() => {
    call('identity.get', {}).then(setIdentity, (e) => setError(errorMessage(e)));
  }, []);
  async function copyLine() {
    if (!identity) return;
    // The identity line is public: the ordinary clipboard is fine here.
    try {
      await navigator.clipboard.writeText(identity.line);
      toast('Identity line copied. Send it to your teammate; they check the fingerprint with you.');
    } catch {
      toast('Could not copy: select the line and copy it by hand.', { tone: 'error' });
    }
  }
  return (
    <div className="card">
      <h2>Your identity</h2>
      <p className="hint">Teammates add this line as a contact to send you bundles. Read the fingerprint to them over a call to check it.</p>
      {error && <p className="field-error" role="alert">{error}</p>}
      {identity && (
        <>
          <label className="field">
            <span>Identity line</span>
            <textarea readOnly rows={2} className="mono" value={identity.line} aria-label="Identity line" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <p>Fingerprint: <code className="mono" data-testid="own-fingerprint">{identity.fingerprint}</code></p>
          <button type="button" onClick={() => void copyLine()}>Copy identity line</button>
        </>
      )}
    </div>
  );
}

function Contacts() {
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [name, setName] = useState('');
  const [line, setLine] = useState('');
  const [error, setError] = useState<string | null>(null);
  const toast = useUi((s) => s.toast);
  const reload = useCallback(() => {
    call('contacts.list', {}).then(setContacts, (e) => setError(errorMessage(e)));
  }, []);
  useEffect(reload, [reload]);

  async function add(e: FormEvent) {
    e.preventDefault();
    const n = contactNameSchema.safeParse(name.trim());
    if (!n.success) return setError(n.error.issues[0]?.message ?? 'Invalid name');
    if (!line.trim()) return setError('Paste the identity line your teammate sent you.');
    setError(null);
    try {
      const c = await call('contacts.add', { name: n.data, line: line.trim() });
      setName('');
      setLine('');
      reload();
      toast(`Added ${c.name}. Fingerprint ${c.fingerprint}: check it with them.`);
    } catch (err) {
      setError(isClientError(err, 'ALREADY_EXISTS') ? `A contact named ${n.data} already exists.` : errorMessage(err));
    }
  }

  async function remove(c: Contact) {
    const ok = await confirm({ title: `Remove ${c.name}?`, body: `You will no longer be able to send bundles to ${c.name}, and bundles from them will ask you to confirm their fingerprint.`, confirmLabel: 'Remove contact', danger: true });
    if (!ok) return;
    try {
      await call('contacts.remove', { name: c.name });
      reload();
      toast(`Removed ${c.name}.`);
    } catch (err) {
      toast(errorMessage(err), { tone: 'error' });
    }
  }

  return (
    <div className="card">
      <h2>Contacts</h2>
      {contacts && contacts.length === 0 && <p className="muted">No contacts yet. Add a teammate’s identity line to send them keys.</p>}
      {contacts && contacts.length > 0 && (
        <table className="plain-table" aria-label="Contacts">
          <thead><tr><th scope="col">Name</th><th scope="col">Fingerprint</th><th scope="col">Added</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {contacts.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="mono">{c.fingerprint}</td>
                <td>{localDateTime(c.addedAt)}</td>
                <td><button type="button" className="small" aria-label={`Remove contact ${c.name}`} onClick={() => void remove(c)}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} className="form-grid" noValidate aria-label="Add contact">
        <div className="field">
          <label htmlFor="contact-name">Contact name</label>
          <input id="contact-name" placeholder="e.g. alice" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="contact-line">Their identity line</label>
          <textarea id="contact-line" rows={2} className="mono" value={line} onChange={(e) => setLine(e.target.value)} />
        </div>
        {error && <p className="field-error" role="alert">{error}</p>}
        <div><button type="submit">Add contact</button></div>
      </form>
    </div>
  );
}

function Sent() {
  const [sent, setSent] = useState<OpOutput<'share.listSent'> | null>(null);
  const now = Date.now();
  useEffect(() => {
    const reload = () => call('share.listSent', {}).then(setSent, () => setSent([]));
    void reload();
    // A bundle made in the dialog (or anywhere) changes the vault: show it here at once.
    return onEvent((e) => {
      if (e.type === 'vault.changed') void reload();
    });
  }, []);
  return (
    <div className="card">
      <h2>Sent bundles</h2>
      {sent && sent.length === 0 && <p className="muted">Nothing shared yet.</p>}
      {sent && sent.length > 0 && (
        <table className="plain-table" aria-label="Sent bundles">
          <thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Credentials</th><th scope="col">Expires</th></tr></thead>
          <tbody>
            {[...sent].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((s) => (
              <tr key={s.bundleId}>
                <td>{localDateTime(s.createdAt)}</td>
                <td>{s.recipients.join(', ')}{s.intendedFor.length > 0 && <span className="muted"> for {s.intendedFor.join(', ')}</span>}</td>
                <td className="mono">{s.credentialNames.join(', ')}</td>
                <td>{Date.parse(s.expiresAt) <= now ? `expired ${relativeTime(s.expiresAt, now)}` : `expires ${relativeTime(s.expiresAt, now)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ShareView() {
  const openDialog = useUi((s) => s.openDialog);
  return (
    <section className="page share-view" aria-labelledby="share-title">
      <header className="page-head">
        <h1 id="share-title">Share</h1>
        <div className="row-actions">
          <button type="button" className="primary" onClick={() => openDialog({ kind: 'share-create', ids: [] })}>New share bundle</button>
          <button type="button" onClick={() => openDialog({ kind: 'share-open', file: null })}>Open bundle</button>
        </div>
      </header>
      <p className="note">{EXPIRY_NOTE} You can also drop a bundle file anywhere on this window to open it.</p>
      <IdentityCard />
      <Contacts />
      <Sent />
    </section>
  );
}
