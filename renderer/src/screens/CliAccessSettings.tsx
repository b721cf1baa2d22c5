// Settings › Command line: whether the unlocked app serves the `keyhold` CLI, and whether each new
// process must be approved before it reads a value.
import type { Settings } from '../../../shared/contract.ts';
import { SavedNote, Toggle, useSavedNote } from '../components/SettingControls.tsx';

interface Props {
  settings: Settings;
  /** Applies the change; resolves true once saved. */
  save: (patch: Partial<Settings>) => Promise<boolean>;
}

export function CliAccessSettings({ settings, save: apply }: Props) {
  const [saved, flash] = useSavedNote();
  const save = (patch: Partial<Settings>) => void apply(patch).then((ok) => ok && flash());
  return (
    <div className="card">
      <h2>Command line</h2>
      <Toggle label="Let the keyhold command use this unlocked vault" hint="Commands in your terminals then need no password. Locking Keyhold ends it at once."
        checked={settings.cliAccess} onChange={(v) => apply({ cliAccess: v })} />
      <fieldset className="setting" disabled={!settings.cliAccess}>
        <legend>When a command asks for a value <SavedNote saved={saved} /></legend>
        <label className="check">
          <input type="radio" name="cli-approval" checked={settings.cliApproval === 'ask'} onChange={() => save({ cliApproval: 'ask' })} />
          <span>Ask for each new process</span>
        </label>
        <label className="check">
          <input type="radio" name="cli-approval" checked={settings.cliApproval === 'allow'} onChange={() => save({ cliApproval: 'allow' })} />
          <span>Allow while unlocked</span>
        </label>
      </fieldset>
    </div>
  );
}
