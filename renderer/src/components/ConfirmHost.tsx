// Renders the pending confirmation, if any.
import { useConfirm } from '../stores/confirm.ts';
import { Dialog } from './Dialog.tsx';

export function ConfirmHost() {
  const request = useConfirm((s) => s.request);
  const answer = useConfirm((s) => s.answer);
  if (!request) return null;
  return (
    <Dialog title={request.title} onClose={() => answer(false)} description={request.body}>
      {request.points && (
        <ul className="checklist">
          {request.points.map((p) => <li key={p}>{p}</li>)}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={() => answer(false)}>Cancel</button>
        <button type="button" className={request.danger ? 'danger' : 'primary'} onClick={() => answer(true)}>
          {request.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
