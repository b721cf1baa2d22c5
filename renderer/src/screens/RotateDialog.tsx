// Rotate: a new value (pasted, or generated in main from the credential's remembered recipe) and a
// reason; the old value moves to history.
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ValueSourceFields, draftOptionsOf, isDraftError, valueDraftFor, valueErrorOf, valueSourceOf, type ValueDraft } from '../components/ValueSource.tsx';
import { useGeneratedValue } from '../lib/generated-value.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useUi } from '../stores/ui.ts';

export function RotateDialog({ id }: { id: string }) {
  const meta = useCredentials((s) => s.items.find((c) => c.id === id));
  const upsert = useCredentials((s) => s.upsert);
  const closeDialog = useUi((s) => s.closeDialog);
  const toast = useUi((s) => s.toast);
  const [value, setValue] = useState<ValueDraft>(() => valueDraftFor(meta?.generator));
  const generated = useGeneratedValue(meta ? draftOptionsOf(value) : null);
  const [reason, setReason] = useState('');
  const [valueError, setValueError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!meta) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const invalid = valueErrorOf(value);
    if (invalid) return setValueError(invalid);
    setValueError(null);
    if (reason.length > 1000) return setError('Keep the reason under 1000 characters.');
    setBusy(true);
    const v = await valueSourceOf(value, generated);
    if ('error' in v) {
      setBusy(false);
      return setValueError(v.error);
    }
    try {
      const saved = await call('credentials.rotate', { id, value: v.source, reason: reason.trim() || 'Rotated' });
      upsert(saved);
      closeDialog();
      toast(`Rotated ${saved.name}. The previous value is kept in its history.`);
    } catch (err) {
      setBusy(false);
      if (isDraftError(err)) setValueError(errorMessage(err));
      else setError(errorMessage(err));
    }
  }

  return (
    <Dialog title={`Rotate ${meta.name}`} onClose={closeDialog} className="dialog-wide"
      description="The new value replaces the current one; the current value moves to the version history, so you can still read it during the changeover.">
      <form onSubmit={submit} noValidate className="form-grid">
        <ValueSourceFields draft={value} onChange={setValue} generated={generated} error={valueError} label="New value" />
        <div className="field">
          <label htmlFor="rotate-reason">Reason</label>
          <input id="rotate-reason" data-autofocus placeholder="e.g. Scheduled rotation" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="dialog-actions">
          {error && <p className="field-error" role="alert">{error}</p>}
          <button type="button" onClick={closeDialog}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Rotate</button>
        </div>
      </form>
    </Dialog>
  );
}
