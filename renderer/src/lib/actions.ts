// Credential actions shared by buttons, menus and shortcuts: call main, update the stores, confirm
// destructive steps, and say what happened in a toast.
import type { CredentialMeta, CredentialStatus } from '../../../shared/model.ts';
import { call, errorMessage, isClientError } from '../client.ts';
import type { MenuItem } from '../components/Menu.tsx';
import { confirm } from '../stores/confirm.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useSelection } from '../stores/selection.ts';
import { useUi } from '../stores/ui.ts';

const toast = (text: string) => useUi.getState().toast(text);
const fail = (e: unknown) => useUi.getState().toast(errorMessage(e), { tone: 'error' });

function nameOf(id: string): string {
  return useCredentials.getState().items.find((c) => c.id === id)?.name ?? 'the credential';
}

/** Why a credential's value cannot be handed out, or null when it can. */
export function copyBlocker(meta: Pick<CredentialMeta, 'status' | 'trashedAt'>): string | null {
  if (meta.trashedAt !== null) return 'In the trash: restore it to use its value.';
  if (meta.status === 'disabled') return 'Disabled: enable it to copy its value.';
  if (meta.status === 'revoked') return 'Revoked: copy and run refuse it.';
  return null;
}

/** Copy happens in main; the renderer only learns when the clipboard clears. */
export async function copyValue(id: string): Promise<void> {
  const name = nameOf(id);
  try {
    const { clearsInMs } = await call('credentials.copy', { id });
    const until = Date.now() + clearsInMs;
    useUi.getState().setCopied({ id, name, until, total: clearsInMs });
    // Said once; the clipboard chip counts down silently.
    toast(`Copied ${name}. Clipboard clears in ${Math.round(clearsInMs / 1000)} s.`);
  } catch (e) {
    const meta = useCredentials.getState().items.find((c) => c.id === id);
    const why = meta && copyBlocker(meta);
    if (isClientError(e, 'DISABLED')) useUi.getState().toast(`${name} cannot be copied. ${why ?? 'Enable or restore it to copy its value.'}`, { tone: 'error' });
    else fail(e);
  }
}

export async function revealValue(id: string): Promise<void> {
  try {
    useSelection.getState().select(id);
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

/** Moves to the trash at once; the toast offers Undo (the trash keeps it anyway). */
export async function trash(meta: CredentialMeta): Promise<void> {
  try {
    useCredentials.getState().upsert(await call('credentials.trash', { id: meta.id }));
    useUi.getState().toast(`${meta.name} moved to the trash.`, {
      action: { label: 'Undo', run: () => void restore(meta, { confirmFirst: false }).then(() => useSelection.getState().select(meta.id)) },
    });
  } catch (e) {
    fail(e);
  }
}

export async function restore(meta: CredentialMeta, { confirmFirst = true } = {}): Promise<void> {
  if (confirmFirst) {
    const ok = await confirm({ title: 'Restore from trash?', body: `${meta.name} returns to your credentials with its history.`, confirmLabel: 'Restore' });
    if (!ok) return;
  }
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

/** The actions on one credential, for its overflow menu and its row's context menu. */
export function credentialMenu(meta: CredentialMeta, { fromList = false } = {}): MenuItem[] {
  const ui = useUi.getState();
  if (meta.trashedAt !== null) {
    return [
      { label: 'Restore', onSelect: () => void restore(meta) },
      { label: 'Delete for good…', onSelect: () => void purge(meta), danger: true },
    ];
  }
  const items: MenuItem[] = [];
  if (fromList) {
    const blocked = copyBlocker(meta) !== null;
    items.push(
      { label: 'Copy value', hint: 'Ctrl+C', onSelect: () => void copyValue(meta.id), disabled: blocked },
      { label: 'Reveal value', onSelect: () => void revealValue(meta.id) },
      { label: 'Rotate…', onSelect: () => ui.openDialog({ kind: 'rotate', id: meta.id }) },
      { label: 'Edit…', onSelect: () => ui.openDialog({ kind: 'edit', id: meta.id }) },
      { label: 'Share…', onSelect: () => ui.openDialog({ kind: 'share-create', ids: [meta.id] }), disabled: meta.status !== 'active' },
    );
  }
  if (meta.status !== 'active') items.push({ label: 'Enable', onSelect: () => void setStatus(meta, 'active') });
  if (meta.status !== 'disabled') items.push({ label: 'Disable…', onSelect: () => void setStatus(meta, 'disabled'), danger: true });
  if (meta.status !== 'compromised') items.push({ label: 'Mark compromised…', onSelect: () => void setStatus(meta, 'compromised'), danger: true });
  if (meta.status !== 'revoked') items.push({ label: 'Mark revoked…', onSelect: () => void setStatus(meta, 'revoked'), danger: true });
  items.push({ label: 'Move to trash', onSelect: () => void trash(meta), danger: true });
  return items;
}

/** The Import buttons (empty vault, Settings): opens the Import wizard (screens/ImportWizard.tsx). */
export function startImport(): void {
  useUi.getState().openDialog({ kind: 'import' });
}
