// Toasts, announced politely once each, and the clipboard chip. The chip lives outside the toast
// stack (no notice can push it out while a secret is on the clipboard) and outside the live region
// (its countdown is not re-announced every second; the copy toast said it once).
import { secondsLeft, useNow } from '../lib/hooks.ts';
import { useUi } from '../stores/ui.ts';
import { CountdownRing } from './CountdownRing.tsx';

function ClipboardChip() {
  const copied = useUi((s) => s.copied);
  const now = useNow(copied !== null, 250);
  if (!copied) return null;
  const left = secondsLeft(copied.until, now);
  const total = Math.max(1, copied.total / 1000);
  return (
    <div className="clipboard-chip" role="timer" aria-label="Clipboard" aria-live="off">
      <CountdownRing fraction={left / total} />
      <span className="clipboard-name mono" title={copied.name}>{copied.name}</span>
      <span className="clipboard-left">Clipboard clears in {left} s</span>
    </div>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismiss);
  return (
    <div className="toast-area">
      <ClipboardChip />
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.tone}`}>
            <span className="toast-text">{t.text}</span>
            {t.action && (
              <button type="button" className="small toast-action" onClick={() => {
                dismiss(t.id);
                t.action!.run();
              }}>{t.action.label}</button>
            )}
            <button type="button" className="icon-button small" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
