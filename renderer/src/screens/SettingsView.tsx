// Settings: locking, clipboard, and changing the master password (with its Argon2id cost).
// As in 1Password, a setting applies as soon as it changes (a number when you leave the field or
// press Enter) and says so next to it: "Saved", or why not.
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/contract.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import { SavedNote, Toggle, useSavedNote } from '../components/SettingControls.tsx';
import { StrengthMeter } from '../components/StrengthMeter.tsx';
import { CliAccessSettings } from './CliAccessSettings.tsx';
import { useSettings } from '../stores/settings.ts';
import { useUi } from '../stores/ui.ts';
import { BackupSettings } from './BackupSettings.tsx';
import { RollbackSettings } from './RollbackSettings.tsx';

function NumberSetting({ label, hint, value, min, max, onSave }: { label: string; hint: string; value: number; min: number; max: number; onSave: (n: number) => Promise<void> }) {
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const [saved, flash] = useSavedNote();
  // A change from elsewhere (the CLI, another window) shows up here.
  useEffect(() => setDraft(String(value)), [value]);
  const id = label.replace(/\W+/g, '-').toLowerCase();
  async function commit() {
    const n = Number(draft);
    if (!Number.isInteger(n) || n < min || n > max) return setError(`Use a whole number from ${min} to ${max}.`);
    setError(null);
    if (n === value) return;
    try {
      await onSave(n);
      flash();
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <div className="field setting">
      <span className="setting-label"><label htmlFor={id}>{label}</label><SavedNote saved={saved} /></span>
      <input id={id} type="number" min={min} max={max} value={draft} aria-invalid={error !== null}
        aria-describedby={`${id}-hint`} onChange={(e) => setDraft(e.target.value)} onBlur={() => void commit()}
        onKeyDown={(e) => e.key === 'Enter' && void commit()} />
      <p className="hint" id={`${id}-hint`}>{hint}</p>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}

function ChangePassword() {
  const [oldPw, setOld] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A leaked password needs a new vault key too: a copy of the file made before the change still
  // opens with the old password, and without a rekey so does everything added later.
  const [leaked, setLeaked] = useState(false);
  const [rekey, setRekey] = useState(false);
  // Argon2id cost, applied when the password changes (the vault key is re-wrapped then).
  const [kdf, setKdf] = useState<{ memoryMiB: string; passes: string; lanes: string } | null>(null);
  useEffect(() => {
    call('vault.kdf', {}).then(
      (k) => setKdf({ memoryMiB: String(k.memoryCost / 1024), passes: String(k.timeCost), lanes: String(k.parallelism) }),
      () => setKdf(null),
    );
  }, []);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!oldPw) return setError('Enter your current master password.');
    if (pw.length < 8) return setError('Use at least 8 characters for the new password.');
    if (pw !== pw2) return setError('The two new passwords differ.');
    const cost = kdf && { memoryCost: Number(kdf.memoryMiB) * 1024, timeCost: Number(kdf.passes), parallelism: Number(kdf.lanes) };
    if (cost && !(Number.isInteger(cost.memoryCost) && cost.memoryCost >= 8 * 1024 && cost.memoryCost <= 4 * 1024 * 1024
      && Number.isInteger(cost.timeCost) && cost.timeCost >= 1 && cost.timeCost <= 20
      && Number.isInteger(cost.parallelism) && cost.parallelism >= 1 && cost.parallelism <= 16)) {
      return setError('Argon2id: memory 8–4096 MiB, passes 1–20, lanes 1–16 (whole numbers).');
    }
    setBusy(true);
    setError(null);
    try {
      await call('vault.changePassword', { oldPassword: oldPw, newPassword: pw, ...(cost ? { kdf: cost } : {}), ...(rekey ? { rekey: true } : {}) });
      // main may lock after a password change; if not, say it worked.
      useUi.getState().toast(rekey ? 'Master password changed and every record sealed again under a new vault key.' : 'Master password changed.');
      setOld('');
      setPw('');
      setPw2('');
    } catch (err) {
      setError(isClientError(err, 'WRONG_PASSWORD') ? 'The current password is wrong.' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="pw-title">
      <h2 id="pw-title">Change master password</h2>
      <div className="field">
        <label htmlFor="cp-old">Current master password</label>
        <input id="cp-old" type="password" autoComplete="current-password" value={oldPw} onChange={(e) => setOld(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="cp-new">New master password</label>
        <input id="cp-new" type="password" autoComplete="new-password" value={pw} onChange={(e) => setPw(e.target.value)} />
      </div>
      <StrengthMeter password={pw} />
      <div className="field">
        <label htmlFor="cp-new2">Repeat new master password</label>
        <input id="cp-new2" type="password" autoComplete="new-password" value={pw2} onChange={(e) => setPw2(e.target.value)} />
      </div>
      {kdf && (
        <fieldset className="kdf">
          <legend>Key derivation (Argon2id)</legend>
          <p className="hint">How hard each guess of the password is. Defaults: 64 MiB, 3 passes, 4 lanes. Higher is safer and slower to unlock.</p>
          <div className="field">
            <label htmlFor="kdf-mem">Memory (MiB)</label>
            <input id="kdf-mem" type="number" min={8} max={4096} value={kdf.memoryMiB} onChange={(e) => setKdf({ ...kdf, memoryMiB: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="kdf-passes">Passes</label>
            <input id="kdf-passes" type="number" min={1} max={20} value={kdf.passes} onChange={(e) => setKdf({ ...kdf, passes: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="kdf-lanes">Lanes</label>
            <input id="kdf-lanes" type="number" min={1} max={16} value={kdf.lanes} onChange={(e) => setKdf({ ...kdf, lanes: e.target.value })} />
          </div>
        </fieldset>
      )}
      {/* Part of this form (applied with the change), so plain checkboxes, not saved settings. */}
      <label className="check">
        <input type="checkbox" checked={leaked}
          onChange={(e) => {
            setLeaked(e.target.checked);
            if (e.target.checked) setRekey(true);
          }} />
        <span>My current password may have leaked</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={rekey} onChange={(e) => setRekey(e.target.checked)} />
        <span>Also draw a new vault key and re-encrypt every record
          <span className="hint block">A plain change keeps the vault key: a copy of the vault file made before it still opens with the old password, and so does everything you add later. A new key protects everything from now on; copies made before stay readable with the old password.</span>
        </span>
      </label>
      <p className="hint">The new password cannot be recovered either. Keep it somewhere safe.</p>
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? (rekey ? 'Re-encrypting…' : 'Changing…') : 'Change password'}</button>
    </form>
  );
}

export function SettingsView() {
  const settings = useSettings((s) => s.settings);
  const update = useSettings((s) => s.update);
  const toast = useUi((s) => s.toast);
  if (!settings) return <section className="page"><p className="muted">Loading settings…</p></section>;
  const save = (patch: Partial<Settings>) => update(patch).then(() => true, (e) => {
    toast(errorMessage(e), { tone: 'error' });
    return false;
  });
  return (
    <section className="page settings-view" aria-labelledby="settings-title">
      <header className="page-head stacked">
        <h1 id="settings-title">Settings</h1>
        <p className="muted">Changes apply at once.</p>
      </header>
      <div className="card">
        <h2>Locking</h2>
        <NumberSetting label="Auto-lock after idle (minutes)" hint="0 turns the idle lock off." value={settings.autoLockMinutes} min={0} max={1440}
          onSave={(n) => update({ autoLockMinutes: n })} />
        <Toggle label="Lock when the screen locks" checked={settings.lockOnScreenLock} onChange={(v) => save({ lockOnScreenLock: v })} />
        <Toggle label="Lock when the computer sleeps" checked={settings.lockOnSuspend} onChange={(v) => save({ lockOnSuspend: v })} />
        <Toggle label="Lock when the window is hidden" hint="Minimised or moved to another desktop." checked={settings.lockOnWindowHidden} onChange={(v) => save({ lockOnWindowHidden: v })} />
      </div>
      <div className="card">
        <h2>Clipboard</h2>
        <NumberSetting label="Clear the clipboard after (seconds)" hint="From 5 to 600. Keyhold clears it only if it still holds the copied value." value={settings.clipboardClearSeconds} min={5} max={600}
          onSave={(n) => update({ clipboardClearSeconds: n })} />
        <Toggle label="Keep copied values out of clipboard history" hint="Asks clipboard managers and the OS history to skip them, where the OS allows it."
          checked={settings.clipboardExcludeFromHistory} onChange={(v) => save({ clipboardExcludeFromHistory: v })} />
      </div>
      <BackupSettings keepField={
        <NumberSetting key={`keep-${settings.backupKeep}`} label="Automatic backups to keep" hint="One a day at most, taken after unlock, beside the vault file. 0 turns them off." value={settings.backupKeep} min={0} max={100}
          onSave={(n) => update({ backupKeep: n })} />
      } />
      <CliAccessSettings settings={settings} save={save} />
      <RollbackSettings />
      <ChangePassword />
    </section>
  );
}
