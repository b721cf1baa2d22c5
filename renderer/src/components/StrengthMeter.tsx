// Master password strength: a bar and a word (never colour alone).
import { passwordStrength } from '../lib/strength.ts';

export function StrengthMeter({ password }: { password: string }) {
  const s = passwordStrength(password);
  const label = password ? s.label : 'Empty';
  return (
    <div className="strength">
      <div
        className={`strength-bar strength-${password ? s.score : 'none'}`}
        role="meter"
        aria-label="Password strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={password ? s.score : 0}
        aria-valuetext={label}
      >
        <span className="strength-fill" />
      </div>
      <span className="strength-label">
        {password ? `Strength: ${s.label}` : 'Use a long passphrase: four or more unrelated words.'}
      </span>
    </div>
  );
}
