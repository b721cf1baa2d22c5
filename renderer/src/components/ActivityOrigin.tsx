// Who did it, in an Activity line. Requests through the agent name the process the OS reported:
// "read by `keyhold get stripe/prod` from bash in ~/code/shop, 2 min ago".
import type { AuditEntry } from '../../../shared/model.ts';
import { processText } from '../../../shared/process-text.ts';
import { relativeTime } from '../lib/time.ts';

const VERBS: Partial<Record<AuditEntry['action'], string>> = {
  get: 'read', copy: 'copied', run: 'used', reveal: 'revealed', 'history.reveal': 'old value read',
  rotate: 'rotated', edit: 'edited', create: 'created',
};

export function ActivityOrigin({ entry }: { entry: AuditEntry }) {
  const failed = entry.result !== 'ok' ? ` · ${entry.result}` : '';
  const proc = entry.origin.process;
  if (!proc) {
    return <span className="muted">{entry.origin.kind}{entry.origin.command ? ` · ${entry.origin.command}` : ''}{failed}</span>;
  }
  const p = processText(proc);
  return (
    <span className="muted activity-origin">
      {VERBS[entry.action] ?? entry.action} by <code>{p.command}</code>
      {p.from && ` from ${p.from}`}
      {p.folder && <> in <code>{p.folder}</code></>}, {relativeTime(entry.time, Date.now())}{failed}
    </span>
  );
}
