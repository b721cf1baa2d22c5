// Rename a tag everywhere; renaming onto an existing tag merges the two (after confirmation).
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../client.ts';
import { Dialog } from '../components/Dialog.tsx';
import { confirm } from '../stores/confirm.ts';
import { useCredentials } from '../stores/credentials.ts';
import { useUi } from '../stores/ui.ts';

function TagRow({ tag, count, all, first }: { tag: string; count: number; all: string[]; first: boolean }) {
  const [to, setTo] = useState(tag);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCredentials((s) => s.load);
  const filters = useCredentials((s) => s.filters);
  const setFilters = useCredentials((s) => s.setFilters);
  const toast = useUi((s) => s.toast);
  const target = to.trim();
  const merge = target !== tag && all.includes(target);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!target) return setError('A tag cannot be empty.');
    if (target === tag) return;
    if (merge) {
      const ok = await confirm({
        title: `Merge ${tag} into ${target}?`,
        body: `${count} credential${count === 1 ? '' : 's'} tagged ${tag} will be tagged ${target} instead; the tag ${tag} disappears.`,
        confirmLabel: 'Merge tags',
      });
      if (!ok) return;
    }
    setBusy(true);
    setError(null);
    try {
      const { changed } = await call('tags.rename', { from: tag, to: target });
      if (filters.tag === tag) setFilters({ tag: target });
      await load();
      toast(`${merge ? 'Merged' : 'Renamed'} ${tag} → ${target} on ${changed} credential${changed === 1 ? '' : 's'}.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li>
      <form className="tag-rename-row" onSubmit={submit}>
        <span className="chip tag" title={tag}>{tag}</span>
        <span className="muted small" title={`${count} credential${count === 1 ? '' : 's'}`}>{count}</span>
        <input aria-label={`New name for tag ${tag}`} value={to} data-autofocus={first || undefined} onChange={(e) => setTo(e.target.value)} />
        <button type="submit" disabled={busy || target === tag || !target}>{merge ? 'Merge' : 'Rename'}</button>
      </form>
      {merge && <p className="hint">{target} already exists: the two tags will be merged.</p>}
      {error && <p className="field-error" role="alert">{error}</p>}
    </li>
  );
}

export function TagsDialog() {
  const tags = useCredentials((s) => s.tags);
  const closeDialog = useUi((s) => s.closeDialog);
  const names = tags.map((t) => t.tag);
  return (
    <Dialog title="Rename or merge tags" onClose={closeDialog} className="dialog-wide"
      description="Renaming a tag changes it on every credential. Rename onto an existing tag to merge the two.">
      {tags.length === 0 ? <p className="muted">No tags yet.</p> : (
        <ul className="tag-rename-list">
          {tags.map((t, i) => <TagRow key={t.tag} tag={t.tag} count={t.count} all={names} first={i === 0} />)}
        </ul>
      )}
      <div className="dialog-actions">
        <button type="button" data-autofocus={tags.length === 0 || undefined} onClick={closeDialog}>Done</button>
      </div>
    </Dialog>
  );
}
