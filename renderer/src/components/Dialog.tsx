// A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (focus is
// trapped), Esc cancels, and focus returns to where it was when the dialog closes.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Extra class for sizing (e.g. 'dialog-wide'). */
  className?: string;
  description?: string;
  /** When this changes (a multi-step dialog moved on), focus goes to the new [data-autofocus]. */
  stage?: string;
}

export function Dialog({ title, onClose, children, className, description, stage }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]');
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // Return focus where it came from, if that element is still on the page. Chromium's own
      // return of focus on close() leaves the caret behind in the dialog: a text field would look
      // focused but take no typing. A real blur and focus puts the caret back in it.
      if (returnTo && returnTo.isConnected) {
        if (document.activeElement === returnTo) returnTo.blur();
        returnTo.focus();
      }
    };
  }, []);

  const firstStage = useRef(stage);
  useEffect(() => {
    if (stage === firstStage.current) return;
    firstStage.current = stage;
    ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [stage]);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onCloseRef.current();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close dialog" onClick={() => onCloseRef.current()}>
          ✕
        </button>
      </div>
      {description && <p id={descId} className="dialog-desc">{description}</p>}
      {children}
    </dialog>
  );
}
