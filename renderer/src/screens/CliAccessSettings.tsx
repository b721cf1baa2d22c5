// Settings › Command line: whether the unlocked app serves the `keyhold` CLI, and whether each new
// process must be approved before it reads a value.
import type { Settings } from '../../../shared/contract.ts';

interface Props {
  settings: Settings;
  save: (patch: Partial<Settings>) => void;
}

export function CliAccessSettings({ settings, save }: Props) {
  return (
    <div className="card">
      <h2>Command line</h2>
      <label className="check setting">
        <input type="checkbox" checked={settings.cliAccess} onChange={(e) => save({ cliAccess: e.target.checked })} />
        <span>Let the keyhold command use this unlocked vault
          <span className="hint block">Commands in your terminals then need no password. Locking Keyhold ends it at once.</span>
        </span>
      </label>
      <fieldset className="setting" disabled={!settings.cliAccess}>
        <legend>When a command asks for a value</legend>
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
