// The locked state: only the vault name, why it locked, and the unlock form (with the throttle wait).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage, isClientError } from '../client.ts';
import { useNow } from '../lib/hooks.ts';
import { formatWait } from '../lib/time.ts';
import { lockMessage, useSession } from '../stores/session.ts';

function vaultName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]+$/, '') || 'Keyhold vault';
}

export function Unlock() {
  const { unlock, vaultPath, lockReason, idleMinutes, retryAt, failedAttempts } = useSession();
  const [pw, setPw] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const now = useNow(retryAt > Date.now());
  const waitMs = Math.max(0, retryAt - now);
  const waiting = waitMs > 0;
  const reason = lockMessage(lockReason, idleMinutes);

  useEffect(() => {
    if (!waiting && !busy) inputRef.current?.focus();
  }, [waiting, busy]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (waiting || busy) return;
    if (!pw) return setError('Enter your master password.');
    setBusy(true);
    setError(null);
    try {
      await unlock(pw);
    } catch (err) {
      setPw('');
      if (isClientError(err, 'WRONG_PASSWORD')) setError('Wrong password. Check Caps Lock and try again.');
      // The wait itself is the message (below); saying it again here would repeat it.
      else if (isClientError(err, 'THROTTLED')) setError(null);
      else setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={submit} aria-labelledby="unlock-title" noValidate>
        <h1 id="unlock-title">Unlock {vaultName(vaultPath)}</h1>
        {reason && <p className="lock-reason" role="status">{reason}</p>}
        <div className="field">
          <label htmlFor="unlock-pw">Master password</label>
          <input
            ref={inputRef}
            id="unlock-pw"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={pw}
            disabled={busy}
            aria-invalid={error !== null && !waiting}
            aria-describedby={error || waiting ? 'unlock-err' : undefined}
            onChange={(e) => setPw(e.target.value)}
          />
        </div>
        {error && !waiting && <p id="unlock-err" className="field-error" role="alert">{error}</p>}
        {waiting && (
          <p id="unlock-err" className="throttle" role="timer" aria-live="off">
            {failedAttempts > 0 ? `${failedAttempts} wrong attempt${failedAttempts === 1 ? '' : 's'}: ` : ''}
            try again in {formatWait(waitMs)}.
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy || waiting}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
