// First run: create the vault with a master password typed twice.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../client.ts';
import { StrengthMeter } from '../components/StrengthMeter.tsx';
import { useSession } from '../stores/session.ts';

export function FirstRun() {
  const create = useSession((s) => s.create);
  const vaultPath = useSession((s) => s.vaultPath);
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (pw.length < 8) return setError('Use at least 8 characters.');
    if (pw !== pw2) return setError('The two passwords differ. Type the same password twice.');
    if (!understood) return setError('Confirm that you understand the password cannot be recovered.');
    setError(null);
    setBusy(true);
    try {
      await create(pw);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-labelledby="firstrun-title" noValidate>
        <h1 id="firstrun-title">Create your Keyhold vault</h1>
        <p className="muted">Your keys are encrypted with a master password that only you know.</p>
        {vaultPath && <p className="muted small mono" title="Vault file">{vaultPath}</p>}
        <div className="field">
          <label htmlFor="fr-pw">Master password</label>
          <input id="fr-pw" type="password" autoComplete="new-password" autoFocus value={pw} onChange={(e) => setPw(e.target.value)} />
        </div>
        <StrengthMeter password={pw} />
        <div className="field">
          <label htmlFor="fr-pw2">Repeat master password</label>
          <input id="fr-pw2" type="password" autoComplete="new-password" value={pw2} onChange={(e) => setPw2(e.target.value)} />
        </div>
        <div className="warning" role="note">
          <strong>This password cannot be recovered.</strong> Keyhold never stores it and has no reset. If you forget it, every key in
          this vault is lost for good. Write it down somewhere safe.
        </div>
        <label className="check">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          I understand that a forgotten password means a lost vault
        </label>
        {error && <p className="field-error" role="alert">{error}</p>}
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? 'Creating vault…' : 'Create vault'}
        </button>
      </form>
    </main>
  );
}
