// Controls shared by the settings cards: a setting applies as soon as it changes and says "Saved"
// beside it for a moment (announced politely), as in 1Password.
import { useEffect, useRef, useState } from 'react';

const SAVED_MS = 2500;

/** "Saved" beside a setting for a moment after it is stored (announced politely). */
export function useSavedNote(): [boolean, () => void] {
  const [saved, setSaved] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return [saved, () => {
    setSaved(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setSaved(false), SAVED_MS);
  }];
}

export function SavedNote({ saved }: { saved: boolean }) {
  return <span className="saved-note" role="status">{saved ? '✓ Saved' : ''}</span>;
}

export function Toggle({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange: (v: boolean) => Promise<boolean> }) {
  const [saved, flash] = useSavedNote();
  return (
    <div className="setting toggle-setting">
      <label className="check">
        <input type="checkbox" checked={checked} onChange={(e) => void onChange(e.target.checked).then((ok) => ok && flash())} />
        <span>{label}{hint && <span className="hint block">{hint}</span>}</span>
      </label>
      <SavedNote saved={saved} />
    </div>
  );
}

