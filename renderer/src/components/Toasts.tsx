// Toasts, announced politely; a countdown toast (the clipboard) updates every second.
import { secondsLeft, useNow } from '../lib/hooks.ts';
import { useUi } from '../stores/ui.ts';

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismiss);
  const now = useNow(toasts.some((t) => t.until !== undefined));
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`}>
          <span>
            {t.text}
            {t.until !== undefined && t.countdownText && (
              <> {t.countdownText} {secondsLeft(t.until, now)} s</>
            )}
          </span>
          <button type="button" className="icon-button small" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
