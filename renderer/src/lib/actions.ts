// Credential actions shared by buttons, menus and shortcuts: call main, update the stores, confirm
// destructive steps, and say what happened in a toast.
import type { CredentialMeta, CredentialStatus } from '../../../shared/model.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import { confirm } from '../stores/confirm.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useUi } from '../stores/ui.ts';

const toast = (text: string) => useUi.getState().toast(text);
const fail = (e: unknown) => useUi.getState().toast(errorMessage(e), { tone: 'error' });

function nameOf(id: string): string {
  return useCredentials.getState().items.find((c) => c.id === id)?.name ?? 'the credential';
}

/** Copy happens in main; the renderer only learns when the clipboard clears. */
export async function copyValue(id: string): Promise<void> {
  const name = nameOf(id);
  try {
    const { clearsInMs } = await call('credentials.copy', { id });
    const until = Date.now() + clearsInMs;
    useUi.getState().setCopied({ id, until });
    useUi.getState().toast(`Copied ${name}.`, { until, countdownText: 'Clipboard clears in' });
  } catch (e) {
    if (isClientError(e, 'DISABLED')) useUi.getState().toast(`${name} is disabled, revoked or in the trash: enable or restore it to copy its value.`, { tone: 'error' });
    else fail(e);
  }
}

export async function revealValue(id: string): Promise<void> {
  try {
    await useSelection.getState().reveal(id);
  } catch (e) {
    fail(e);
  }
}

const STATUS_STEPS: Record<CredentialStatus, { title: string; body: string; label: string; done: string; danger: boolean; points?: string[] }> = {
  active: { title: 'Enable this credential?', body: 'Copy, run and share will hand out its value again.', label: 'Enable', done: 'enabled', danger: false },
  disabled: {
    title: 'Disable this credential?',
    body: 'Copy, run and share will refuse it until you enable it again. Disabling first is the safe way to find out whether anything still uses a key before you delete it.',
    label: 'Disable', done: 'disabled', danger: true,
  },
  compromised: {
    title: 'Mark this credential compromised?',
    body: 'Treat the value as known to someone else. After marking it, work through this checklist:',
    label: 'Mark compromised', done: 'marked compromised', danger: true,
    points: ['Revoke the key at the provider', 'Rotate: create a new value and deploy it', 'Review the audit trail for unexpected reveals, copies and shares', 'Tell everyone who received it in a share bundle'],
  },
  revoked: {
    title: 'Mark this credential revoked?',
    body: 'Record that the key was revoked at the provider. Copy, run and share will refuse it.',
    label: 'Mark revoked', done: 'marked revoked', danger: true,
  },
};

export async function setStatus(meta: CredentialMeta, status: CredentialStatus): Promise<void> {
  const step = STATUS_STEPS[status];
  const ok = await confirm({ title: step.title, body: `${meta.name}: ${step.body}`, confirmLabel: step.label, danger: step.danger, ...(step.points ? { points: step.points } : {}) });
  if (!ok) return;
  try {
    useCredentials.getState().upsert(await call('credentials.setStatus', { id: meta.id, status }));
    toast(`${meta.name} ${step.done}.`);
  } catch (e) {
    fail(e);
  }
}

export async function trash(meta: CredentialMeta): Promise<void> {
  const ok = await confirm({
    title: 'Move to trash?',
    body: `${meta.name} moves to the trash. You can restore it from there until you delete it for good.`,
    confirmLabel: 'Move to trash', danger: true,
  });
  if (!ok) return;
  try {
    useCredentials.getState().upsert(await call('credentials.trash', { id: meta.id }));
    toast(`${meta.name} moved to the trash.`);
  } catch (e) {
    fail(e);
  }
}

export async function restore(meta: CredentialMeta): Promise<void> {
  const ok = await confirm({ title: 'Restore from trash?', body: `${meta.name} returns to your credentials with its history.`, confirmLabel: 'Restore' });
  if (!ok) return;
  try {
    useCredentials.getState().upsert(await call('credentials.restore', { id: meta.id }));
    toast(`${meta.name} restored.`);
  } catch (e) {
    if (isClientError(e, 'ALREADY_EXISTS')) {
      useUi.getState().toast(`Another credential is named ${meta.name}: rename that one first, then restore.`, { tone: 'error' });
    } else fail(e);
  }
}

export async function purge(meta: CredentialMeta): Promise<void> {
  const ok = await confirm({
    title: 'Delete for good?',
    body: `${meta.name} and every previous value will be destroyed. This cannot be undone. The audit trail keeps a record that it existed.`,
    confirmLabel: 'Delete for good', danger: true,
  });
  if (!ok) return;
  try {
    await call('credentials.purge', { id: meta.id });
    useSelection.getState().select(null);
    useCredentials.getState().remove(meta.id);
    toast(`${meta.name} deleted for good.`);
  } catch (e) {
    fail(e);
  }
}

/** Adds or removes tags on one credential. */
export async function setTags(meta: CredentialMeta, tags: string[]): Promise<boolean> {
  try {
    useCredentials.getState().upsert(await call('credentials.edit', { id: meta.id, patch: { tags } }));
    return true;
  } catch (e) {
    fail(e);
    return false;
  }
}
