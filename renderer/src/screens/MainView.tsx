// The unlocked app: sidebar, list and detail (resizable), the other views, dialogs, shortcuts and
// drag-and-drop (share bundles and import files).
import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { ConfirmHost } from '../components/ConfirmHost.tsx';
import { ApprovalHost } from '../components/ApprovalHost.tsx';
import { RollbackBanner } from '../components/RollbackBanner.tsx';
import { useRollback } from '../stores/rollback.ts';
import { copyValue } from '../lib/actions.ts';
import { MAX_BUNDLE_BYTES, toBase64 } from '../lib/share.ts';
import { useSelection } from '../stores/selection.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';
import { AuditView } from './AuditView.tsx';
import { HealthView } from './HealthView.tsx';
import { CredentialForm } from './CredentialForm.tsx';
import { DetailPane } from './DetailPane.tsx';
import { ListPane } from './ListPane.tsx';
import { RotateDialog } from './RotateDialog.tsx';
import { SettingsView } from './SettingsView.tsx';
import { ShareCreateDialog } from './ShareCreateDialog.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { ShareOpenDialog } from './ShareOpenDialog.tsx';
import { ShareView } from './ShareView.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { Sidebar } from './Sidebar.tsx';
import { TagsDialog } from './TagsDialog.tsx';

/** Share bundles are .age files (electron/app/handlers/share.ts); anything else dropped is an import. */
function isBundleName(name: string): boolean {
  return name.toLowerCase().endsWith('.age');
}

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(el.type);
}

/** True when Ctrl+C should copy text the user selected rather than the credential's value. */
function hasTextSelection(): boolean {
  const el = document.activeElement;
  if (isTextField(el)) {
    try {
      if (el.selectionStart !== null && el.selectionStart !== el.selectionEnd) return true;
    } catch {
      // inputs like type=number have no selection API
    }
  }
  const sel = window.getSelection();
  return sel !== null && !sel.isCollapsed && sel.toString() !== '';
}

function Dialogs() {
  const dialog = useUi((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'new': return <CredentialForm />;
    case 'edit': return <CredentialForm key={dialog.id} editId={dialog.id} />;
    case 'rotate': return <RotateDialog id={dialog.id} />;
    case 'tags': return <TagsDialog />;
    case 'shortcuts': return <ShortcutsDialog />;
    case 'share-create': return <ShareCreateDialog initialIds={dialog.ids} />;
    case 'share-open': return <ShareOpenDialog file={dialog.file} />;
    case 'import': return <ImportWizard dropped={dialog.dropped} />;
  }
}

function Splitter({ label, value, min, max, onChange, invert = false }: { label: string; value: number; min: number; max: number; onChange: (v: number) => void; invert?: boolean }) {
  const start = useRef<{ x: number; v: number } | null>(null);
  function onKey(e: ReactKeyboardEvent) {
    const step = e.shiftKey ? 48 : 16;
    const dir = invert ? -1 : 1;
    if (e.key === 'ArrowLeft') onChange(Math.max(min, Math.min(max, value - step * dir)));
    else if (e.key === 'ArrowRight') onChange(Math.max(min, Math.min(max, value + step * dir)));
    else return;
    e.preventDefault();
  }
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className="splitter"
      onKeyDown={onKey}
      onPointerDown={(e) => {
        start.current = { x: e.clientX, v: value };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const dx = (e.clientX - start.current.x) * (invert ? -1 : 1);
        onChange(Math.max(min, Math.min(max, start.current.v + dx)));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
    />
  );
}

export function MainView() {
  const view = useUi((s) => s.view);
  const rolledBack = useRollback((s) => s.status?.warning != null);
  const [sidebarW, setSidebarW] = useState(216);
  // null: the detail takes a proportional share of the window (CSS) until the user drags it.
  const [detailW, setDetailW] = useState<number | null>(null);
  const dragging = useUi((s) => s.fileDrag);
  const importOpen = useUi((s) => s.dialog?.kind === 'import');

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const ui = useUi.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && !e.altKey && !e.shiftKey && key === 'l') {
        e.preventDefault();
        void useSession.getState().lock();
        return;
      }
      // While a dialog is open, only the dialog gets keys.
      if (document.querySelector('dialog[open]')) return;
      if (mod && !e.altKey && !e.shiftKey) {
        if (key === 'f') {
          e.preventDefault();
          ui.setView('credentials');
          ui.focusSearch();
        } else if (key === 'n') {
          e.preventDefault();
          ui.openDialog({ kind: 'new' });
        } else if (key === 'c') {
          const id = useSelection.getState().selectedId;
          if (id && ui.view === 'credentials' && !hasTextSelection()) {
            e.preventDefault();
            void copyValue(id);
          }
        }
        return;
      }
      if (e.key === '?' && !isTextField(document.activeElement) && !(document.activeElement instanceof HTMLSelectElement)) {
        e.preventDefault();
        ui.openDialog({ kind: 'shortcuts' });
      }
    }
    // In Electron on Windows and Linux the Edit menu's Copy accelerator can take Ctrl+C before the
    // page sees the keydown; the menu then runs the browser's copy command, which fires this event.
    // (When the keydown above handled it, its preventDefault means no copy event follows.)
    function onCopy(e: ClipboardEvent) {
      const id = useSelection.getState().selectedId;
      if (!id || useUi.getState().view !== 'credentials' || hasTextSelection() || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      void copyValue(id);
    }
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
    };
  }, []);

  // A file dropped anywhere on the window: a share bundle (.age) opens in the bundle dialog, any
  // other file in the Import wizard (which gets the File and passes it to main by path only).
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const setDragging = (on: boolean) => useUi.getState().setFileDrag(on);
    let depth = 0;
    let dropSeq = 0;
    function onEnter(e: DragEvent) {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    }
    function onLeave(e: DragEvent) {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    }
    function onOver(e: DragEvent) {
      if (hasFiles(e)) e.preventDefault();
    }
    async function onDrop(e: DragEvent) {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      const file = files[0];
      if (!file) return;
      const ui = useUi.getState();
      const importing = ui.dialog?.kind === 'import';
      if (importing || files.length > 1 || !isBundleName(file.name)) {
        // Never replace another open dialog (it may hold unsaved input).
        if (ui.dialog && !importing) {
          ui.toast('Close the open dialog first, then drop the file again to import it.', { tone: 'error' });
          return;
        }
        ui.openDialog({ kind: 'import', dropped: { files, seq: ++dropSeq } });
        return;
      }
      if (file.size > MAX_BUNDLE_BYTES) {
        ui.toast(`${file.name} is larger than 1 MiB: it is not a Keyhold bundle.`, { tone: 'error' });
        return;
      }
      const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      ui.openDialog({ kind: 'share-open', file: { name: file.name, base64 } });
    }
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  // Toasts sit over the list, clear of the sidebar and the detail.
  useEffect(() => {
    const root = document.documentElement;
    root.style.setProperty('--toast-left', `calc(var(--rail, ${sidebarW}px) + 16px)`);
    return () => {
      root.style.removeProperty('--toast-left');
    };
  }, [sidebarW]);

  const vars = { '--sidebar-w': `${sidebarW}px`, ...(detailW === null ? {} : { '--detail-w': `${detailW}px` }) } as CSSProperties;
  const detailNow = detailW ?? Math.round(Math.max(340, Math.min(600, window.innerWidth * 0.32)));
  const app = (
    <div className={`app view-${view}`} style={vars}>
      <Sidebar />
      <Splitter label="Resize sidebar" value={sidebarW} min={160} max={360} onChange={setSidebarW} />
      {view === 'credentials' ? (
        <main className="workspace">
          <ListPane />
          <Splitter label="Resize details" value={detailNow} min={320} max={760} onChange={setDetailW} invert />
          <DetailPane />
        </main>
      ) : (
        <main className="page-wrap">
          {view === 'health' && <HealthView />}
          {view === 'audit' && <AuditView />}
          {view === 'settings' && <SettingsView />}
          {view === 'share' && <ShareView />}
        </main>
      )}
      <Dialogs />
      <ConfirmHost />
      <ApprovalHost />
      {dragging && !importOpen && <div className="drop-overlay" aria-hidden="true">Drop a file to import it, or a share bundle (.age) to open it</div>}
    </div>
  );
  // An old copy of the vault file: the warning stays above every view until acknowledged.
  if (!rolledBack) return app;
  return (
    <div className="app-frame">
      <RollbackBanner />
      {app}
    </div>
  );
}
