// main's events, applied to the stores. A `locked` event wipes everything first.
import type { AppEvent } from '../../shared/contract.ts';
import { onEvent } from './client.ts';
import { useApprovals } from './stores/approvals.ts';
import { useCredentials } from './stores/credentials.ts';
import { useHealth } from './stores/health.ts';
import { useRollback } from './stores/rollback.ts';
import { useSession } from './stores/session.ts';
import { useSettings } from './stores/settings.ts';
import { useUi } from './stores/ui.ts';

export function handleEvent(event: AppEvent): void {
  switch (event.type) {
    case 'locked':
      useSession.getState().locked(event.reason);
      break;
    case 'unlocked':
      if (useSession.getState().state !== 'unlocked') void useSession.getState().refresh().catch(() => undefined);
      break;
    case 'vault.changed':
      if (useSession.getState().state === 'unlocked') void useCredentials.getState().load().catch(() => undefined);
      if (useSession.getState().state === 'unlocked' && useUi.getState().view === 'health') void useHealth.getState().load();
      break;
    case 'settings.changed':
      useSettings.getState().receive(event.settings);
      break;
    case 'clipboard.cleared':
      useUi.getState().setCopied(null);
      break;
    case 'agent.approval':
      useApprovals.getState().receive(event.request);
      break;
    case 'agent.approval.closed':
      useApprovals.getState().closed(event.id);
      break;
    case 'rollback.warning':
      if (useSession.getState().state === 'unlocked') useRollback.getState().receive(event.warning);
      break;
  }
}

export function subscribeEvents(): () => void {
  return onEvent(handleEvent);
}
