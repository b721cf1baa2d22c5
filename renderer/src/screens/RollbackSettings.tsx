// Settings › Rollback protection: on with a real OS keychain; otherwise said once, here, with why.
import { useRollback } from '../stores/rollback.ts';

const OFF_REASON = {
  basic_text: 'The only keychain found is the “basic text” store, which seals with a key built into the program, so anyone could forge the record. Install and unlock GNOME Keyring or KWallet, then restart Keyhold.',
  unavailable: 'This system offers no keychain Keyhold can use. Unlock or set up the system keychain, then restart Keyhold.',
} as const;

export function RollbackSettings() {
  const protection = useRollback((s) => s.status?.protection ?? null);
  if (!protection) return null;
  return (
    <div className="card" aria-labelledby="rollback-settings-title">
      <h2 id="rollback-settings-title">Rollback protection</h2>
      {protection.on ? (
        <p className="hint">On. Keyhold remembers the newest state of this vault it has seen, sealed in the system keychain, and warns if an older copy of the file is opened.</p>
      ) : (
        <p className="warning" role="status">
          Off: nothing is stored. {protection.reason ? OFF_REASON[protection.reason] : null} Until then Keyhold cannot tell if the vault file is replaced by an older copy.
        </p>
      )}
    </div>
  );
}
