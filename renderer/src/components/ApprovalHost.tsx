// The approval dialog for CLI requests: allow `keyhold get stripe/prod` (from bash) in
// ~/code/shop to read stripe/prod — once, for this terminal session (until lock), or deny.
// Esc denies. Deny has the focus first: a dialog that pops up while typing must not allow.
import { processText } from '../../../shared/process-text.ts';
import { useApprovals } from '../stores/approvals.ts';
import { Dialog } from './Dialog.tsx';

export function ApprovalHost() {
  const request = useApprovals((s) => s.queue[0]);
  const answer = useApprovals((s) => s.answer);
  if (!request) return null;
  const p = processText(request.process);
  const verb = request.action === 'copy' ? 'copy' : 'read';
  return (
    <Dialog key={request.id} title={`Allow access to ${request.credentialName}?`} onClose={() => void answer(request.id, 'deny')}
      description={`A command in a terminal wants to ${verb} the value of ${request.credentialName}.`}>
      <dl className="approval-process" aria-label="Asking process">
        <dt>Command</dt>
        <dd><code>{p.command}</code>{p.from && <span className="muted"> from {p.from}</span>}</dd>
        {p.folder && <><dt>Folder</dt><dd><code>{p.folder}</code></dd></>}
        <dt>Process</dt>
        <dd>pid {request.process.pid}</dd>
      </dl>
      <p className="hint">“For this terminal session” allows this terminal’s commands to {verb} {request.credentialName} until Keyhold locks.</p>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={() => void answer(request.id, 'deny')}>Deny</button>
        <button type="button" onClick={() => void answer(request.id, 'session')}>Allow for this terminal session</button>
        <button type="button" className="primary" onClick={() => void answer(request.id, 'once')}>Allow once</button>
      </div>
    </Dialog>
  );
}
