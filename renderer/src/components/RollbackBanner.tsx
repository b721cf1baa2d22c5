// The persistent warning shown when the vault opened older than this app last saw it (an old
// copy of the file put back). It stays, in every view, until the user acknowledges it.
import { useState } from 'react';
import { errorMessage } from '../client.ts';
import { localDateTime } from '../lib/time.ts';
import { useRollback } from '../stores/rollback.ts';

export function RollbackBanner() {
  const warning = useRollback((s) => s.status?.warning ?? null);
  const acknowledge = useRollback((s) => s.acknowledge);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!warning) return null;
  const seen = localDateTime(warning.lastSeenAt);
  const shorter = warning.foundSeq < warning.lastSeenSeq;
  async function onAcknowledge() {
    setBusy(true);
    setError(null);
    try {
      await acknowledge();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="banner banner-red rollback-banner" role="alert" aria-labelledby="rollback-title">
      <h2 id="rollback-title" className="rollback-title">This vault is older than the one this app last saw on {seen}: it may have been replaced by an old copy.</h2>
      <p>
        Its activity log is {shorter ? 'shorter than' : 'different from'} the one seen then, so keys added, rotated or
        revoked since then may be missing here or back in their old state.
      </p>
      <p>
        If you restored a backup or copied the vault file yourself, this is expected. If not, look for the newer file
        (a sync conflict copy, an automatic backup beside the vault) before making changes, and check that keys you
        revoked or rotated since then are not active again here.
      </p>
      {error && <p className="field-error">{error}</p>}
      <div>
        <button type="button" onClick={() => void onAcknowledge()} disabled={busy}>I understand: use this vault as it is</button>
      </div>
    </section>
  );
}
