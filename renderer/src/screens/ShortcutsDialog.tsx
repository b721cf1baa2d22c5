// The `?` overlay: every keyboard shortcut.
import { Dialog } from '../components/Dialog.tsx';
import { useUi } from '../stores/ui.ts';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

export const SHORTCUTS: [string, string][] = [
  [`${MOD}+F`, 'Search'],
  [`${MOD}+N`, 'New credential'],
  [`${MOD}+C`, 'Copy the selected credential’s value (when no text is selected)'],
  [`${MOD}+L`, 'Lock the vault'],
  ['↑ / ↓', 'Move in the list'],
  ['Home / End, Page Up / Page Down', 'Jump in the list'],
  ['Enter', 'Open the selected credential'],
  ['Esc in the details', 'Back to the list'],
  ['Shift+F10 / Menu key', 'Actions for the selected credential'],
  ['Double-click a row', 'Copy its value'],
  ['↓ in search', 'Move into the list'],
  ['Esc', 'Clear search / close dialog'],
  ['?', 'Show this list'],
];

export function ShortcutsDialog() {
  const closeDialog = useUi((s) => s.closeDialog);
  return (
    <Dialog title="Keyboard shortcuts" onClose={closeDialog}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row"><kbd>{keys}</kbd></th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={closeDialog}>Close</button>
      </div>
    </Dialog>
  );
}
