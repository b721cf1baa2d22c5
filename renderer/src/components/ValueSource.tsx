// Where a new value comes from: typed/pasted by the user, or generated in main (so a generated
// secret never passes through the renderer). The generator shows its entropy as you change it.
import { useId } from 'react';
import type { OpInput } from '../../../shared/contract.ts';
import { GENERATOR_ALPHABETS, generatorOptionsSchema, secretValueSchema, type GeneratorAlphabet } from '../../../shared/model.ts';
import { ALPHABET_LABELS, entropyBits } from '../lib/generator.ts';

export interface ValueDraft {
  mode: 'text' | 'generate';
  text: string;
  length: string;
  alphabet: GeneratorAlphabet;
  prefix: string;
}

export const DEFAULT_VALUE_DRAFT: ValueDraft = { mode: 'generate', text: '', length: '40', alphabet: 'base64url', prefix: '' };

type Source = OpInput<'credentials.create'>['value'];

/** The value source for the contract, or an error message to show next to the field. */
export function valueSourceOf(d: ValueDraft): { source: Source } | { error: string } {
  if (d.mode === 'text') {
    const r = secretValueSchema.safeParse(d.text);
    return r.success ? { source: { kind: 'text', value: r.data } } : { error: r.error.issues[0]?.message ?? 'Invalid value' };
  }
  const r = generatorOptionsSchema.safeParse({ length: Number(d.length), alphabet: d.alphabet, prefix: d.prefix });
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path[0] === 'length' ? 'Length must be a whole number from 8 to 1024' : (issue?.message ?? 'Invalid generator options');
    return { error: field };
  }
  return { source: { kind: 'generate', options: r.data } };
}

export function ValueSourceFields({ draft, onChange, error, label = 'Value' }: {
  draft: ValueDraft;
  onChange: (d: ValueDraft) => void;
  error: string | null;
  label?: string;
}) {
  const id = useId();
  const len = Number(draft.length);
  const bits = Number.isInteger(len) && len >= 8 && len <= 1024 ? entropyBits(len, draft.alphabet) : null;
  return (
    <fieldset className="value-source">
      <legend>{label}</legend>
      <div className="segmented" role="radiogroup" aria-label={`${label} source`}>
        <label>
          <input type="radio" name={`${id}-mode`} checked={draft.mode === 'generate'} onChange={() => onChange({ ...draft, mode: 'generate' })} />
          Generate
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={draft.mode === 'text'} onChange={() => onChange({ ...draft, mode: 'text' })} />
          Paste or type
        </label>
      </div>
      {draft.mode === 'text' ? (
        <div className="field">
          <label htmlFor={`${id}-text`}>Secret value</label>
          <input
            id={`${id}-text`}
            type="password"
            className="mono"
            autoComplete="off"
            spellCheck={false}
            value={draft.text}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-err` : undefined}
            onChange={(e) => onChange({ ...draft, text: e.target.value })}
          />
        </div>
      ) : (
        <div className="generator">
          <div className="field narrow">
            <label htmlFor={`${id}-len`}>Length</label>
            <input id={`${id}-len`} type="number" min={8} max={1024} value={draft.length} aria-invalid={error !== null}
              onChange={(e) => onChange({ ...draft, length: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-alpha`}>Alphabet</label>
            <select id={`${id}-alpha`} value={draft.alphabet} onChange={(e) => onChange({ ...draft, alphabet: e.target.value as GeneratorAlphabet })}>
              {GENERATOR_ALPHABETS.map((a) => <option key={a} value={a}>{ALPHABET_LABELS[a]}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-prefix`}>Prefix</label>
            <input id={`${id}-prefix`} className="mono" placeholder="e.g. sk_live_" value={draft.prefix} spellCheck={false}
              onChange={(e) => onChange({ ...draft, prefix: e.target.value })} />
          </div>
          <p className="entropy" aria-live="polite">
            {bits === null ? 'Entropy: —' : `Entropy: ${bits} bits`}
            {bits !== null && bits < 128 && ' · 128 bits or more is recommended'}
          </p>
        </div>
      )}
      {error && <p id={`${id}-err`} className="field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
