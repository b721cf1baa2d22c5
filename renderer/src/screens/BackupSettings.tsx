// Settings' "Import, backup and restore" card: the Import wizard, automatic backups (how many
// to keep), a backup now through main's save dialog, and a restore that main checks completely
// before it asks to replace the vault.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { OpOutput } from '../../../shared/contract.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import { startImport } from '../lib/actions.ts';
import { confirm } from '../stores/confirm.ts';
import { localDateTime } from '../lib/time.ts';
import { useSettings } from '../stores/settings.ts';
import { useUi } from '../stores/ui.ts';

type Status = OpOutput<'backup.status'>;

export function BackupSettings({ keepField }: { keepField: ReactNode }) {
  const toast = useUi((s) => s.toast);
  const keep = useSettings((s) => s.settings?.backupKeep);
  const [status, setStatus] = useState<Status | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('backup.status', {}).then(setStatus, () => setStatus(null));
  }, [keep]);

  async function backupNow() {
    setError(null);
    try {
      const r = await call('backup.now', {});
      toast(`Backup saved and verified: ${r.file} (${r.credentials} credential${r.credentials === 1 ? '' : 's'}).`);
    } catch (err) {
      if (!isClientError(err, 'CANCELLED')) setError(errorMessage(err));
    }
  }

  async function restore(e: FormEvent) {
    e.preventDefault();
    if (!password) return setError('Enter the master password of the backup.');
    setBusy(true);
    setError(null);
    try {
      const p = await call('restore.preview', { password });
      const ok = await confirm({
        title: 'Replace the vault with this backup?',
        body: `${p.file} verifies: every record and the audit chain are intact. The current vault is kept beside it under a new name.`,
        points: [
          `Backup: ${p.backup.credentials} credentials, ${p.backup.trashed} in the trash, newest change ${p.backup.newestChange ? localDateTime(p.backup.newestChange) : '–'}`,
          `Current: ${p.current.credentials} credentials, ${p.current.trashed} in the trash, newest change ${p.current.newestChange ? localDateTime(p.current.newestChange) : '–'}`,
          ...(p.current.newestChange && p.backup.newestChange && p.current.newestChange > p.backup.newestChange ? ['The current vault has newer changes: they will not be in the restored vault.'] : []),
        ],
        confirmLabel: 'Replace vault',
        danger: true,
      });
      if (!ok) return;
      // The vault locks when it is replaced: the unlock screen follows.
      await call('restore.apply', { token: p.token });
      setPassword('');
    } catch (err) {
      if (isClientError(err, 'CANCELLED')) return;
      setError(isClientError(err, 'WRONG_PASSWORD') ? 'The backup does not open with this password.' : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>Import, backup and restore</h2>
      <p>
        <button type="button" onClick={() => startImport()}>Import…</button>{' '}
        <span className="hint">From .env, KeePass, Bitwarden, 1Password or CSV files.</span>
      </p>
      {keepField}
      {status && (
        <p className="hint">
          {status.backups.length
            ? `Latest automatic backup: ${localDateTime(status.backups[0]!.at)}, in ${status.folder}.`
            : `No automatic backup yet; they go in ${status.folder}.`}
        </p>
      )}
      {status?.lastError && <p className="field-error" role="alert">The last automatic backup failed: {status.lastError}</p>}
      <p><button type="button" onClick={() => void backupNow()}>Back up now…</button></p>
      <form onSubmit={restore} noValidate aria-labelledby="restore-title">
        <h3 id="restore-title">Restore from a backup</h3>
        <div className="field">
          <label htmlFor="restore-pass">Master password of the backup</label>
          <input id="restore-pass" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          <p className="hint">Keyhold checks the backup completely before anything changes, and asks again before it replaces the vault.</p>
        </div>
        {error && <p className="field-error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Choose backup…'}</button>
      </form>
    </div>
  );
}
