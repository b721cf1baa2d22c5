// Where a new value comes from: typed/pasted by the user, or generated in main. A generated value
// is a draft kept in main (lib/generated-value.ts): the form shows it masked with Regenerate, a
// Reveal toggle and its entropy, and saves it by id, so it reaches the page only when revealed.
import { useEffect, useId, useRef, useState } from 'react';
import type { OpInput } from '../../../shared/contract.ts';
import { GENERATOR_ALPHABETS, generatorOptionsSchema, secretValueSchema, type GeneratorAlphabet, type GeneratorOptions, type GeneratorRecipe } from '../../../shared/model.ts';
import { isClientError } from '../client.ts';
import { ALPHABET_LABELS, entropyBits } from '../lib/generator.ts';
import type { GeneratedValue } from '../lib/generated-value.ts';
import { secondsLeft, useNow } from '../lib/hooks.ts';
import { CountdownRing } from './CountdownRing.tsx';
import { Icon } from './Icon.tsx';

export interface ValueDraft {
  mode: 'text' | 'generate';
  text: string;
  length: string;
  alphabet: GeneratorAlphabet;
  prefix: string;
}

export const DEFAULT_VALUE_DRAFT: ValueDraft = { mode: 'generate', text: '', length: '40', alphabet: 'base64url', prefix: '' };

/** Rotate starts from the recipe the credential's value was generated with, so sk_live_… stays sk_live_…. */
export function valueDraftFor(recipe: GeneratorRecipe | null | undefined): ValueDraft {
  if (!recipe) return DEFAULT_VALUE_DRAFT;
  return { ...DEFAULT_VALUE_DRAFT, length: String(recipe.length), alphabet: recipe.alphabet, prefix: recipe.prefix };
}

type Source = OpInput<'credentials.create'>['value'];

/** The generator options of a draft in Generate mode, or an error message to show next to the field. */
function generatorOptionsOf(d: ValueDraft): { options: GeneratorOptions } | { error: string } {
  const r = generatorOptionsSchema.safeParse({ length: Number(d.length), alphabet: d.alphabet, prefix: d.prefix });
  if (r.success) return { options: r.data };
  const issue = r.error.issues[0];
  return { error: issue?.path[0] === 'length' ? 'Length must be a whole number from 8 to 1024' : (issue?.message ?? 'Invalid generator options') };
}

/** The options to draft a value with: null when typing, or while they are invalid. */
export function draftOptionsOf(d: ValueDraft): GeneratorOptions | null {
  if (d.mode !== 'generate') return null;
  const r = generatorOptionsOf(d);
  return 'options' in r ? r.options : null;
}

/** What is wrong with the value as entered (checked before anything is sent), or null. */
export function valueErrorOf(d: ValueDraft): string | null {
  if (d.mode === 'text') {
    const r = secretValueSchema.safeParse(d.text);
    return r.success ? null : (r.error.issues[0]?.message ?? 'Invalid value');
  }
  const r = generatorOptionsOf(d);
  return 'error' in r ? r.error : null;
}

/** The value source to save: the typed text, or the id of the draft made in main for these options. */
export async function valueSourceOf(d: ValueDraft, generated: GeneratedValue): Promise<{ source: Source } | { error: string }> {
  const invalid = valueErrorOf(d);
  if (invalid) return { error: invalid };
  if (d.mode === 'text') return { source: { kind: 'text', value: d.text } };
  try {
    return { source: { kind: 'draft', draftId: await generated.ensure() } };
  } catch (e) {
    return { error: isClientError(e) ? e.message : 'Could not generate a value. Press Regenerate to try again.' };
  }
}

/** A save refused because the draft expired or is gone: the message belongs next to the value. */
export function isDraftError(e: unknown): boolean {
  return isClientError(e, 'EXPIRED') || (isClientError(e, 'NOT_FOUND') && /generated value/.test(e.message));
}

/** main's preview: the public prefix as typed, then the fixed mask (spaced like every masked value). */
function MaskedPreview({ preview }: { preview: string }) {
  const cut = preview.indexOf('•');
  const prefix = cut < 0 ? '' : preview.slice(0, cut);
  return (
    <>
      <code className="value draft-masked" aria-hidden="true">
        {prefix && <span className="draft-prefix">{prefix}</span>}
        <span className="masked">{cut < 0 ? preview : preview.slice(cut)}</span>
      </code>
      <span className="sr-only">{prefix ? `Generated value hidden, starting ${prefix}` : 'Generated value hidden'}</span>
    </>
  );
}

/** The generated value, masked (prefix and a fixed mask from main) or revealed for a few seconds. */
function GeneratedPreview({ generated, label }: { generated: GeneratedValue; label: string }) {
  const { draft, pending, revealed } = generated;
  const now = useNow(revealed !== null, 250);
  // Said once to screen readers when a Regenerate has produced its new draft (the mask looks the same).
  const [announcement, setAnnouncement] = useState('');
  const regenerating = useRef(false);
  useEffect(() => {
    if (regenerating.current && draft && !pending) {
      regenerating.current = false;
      setAnnouncement('A new value was generated.');
    }
  }, [draft, pending]);
  const regenerate = () => {
    regenerating.current = true;
    setAnnouncement('');
    generated.regenerate();
  };
  const hideLeft = revealed ? secondsLeft(revealed.hideAt, now) : 0;
  return (
    <div className="value-field draft-preview" role="group" aria-label={`Generated ${label.toLowerCase()}`} aria-busy={pending}>
      <div className="value-scroll" tabIndex={revealed ? 0 : undefined} role={revealed ? 'region' : undefined} aria-label={revealed ? 'Revealed generated value' : undefined}>
        {revealed ? (
          <code className="value revealed" data-testid="draft-value">{revealed.value}</code>
        ) : draft ? (
          <MaskedPreview preview={draft.preview} />
        ) : (
          <span className="muted">Generating…</span>
        )}
      </div>
      {revealed ? (
        <button type="button" className="value-button reveal" onClick={generated.hide} aria-label="Hide generated value">
          <CountdownRing fraction={hideLeft / Math.max(1, revealed.hideAfterMs / 1000)} />
          Hide <span className="countdown">({hideLeft} s)</span>
        </button>
      ) : (
        <button type="button" className="value-button reveal" disabled={pending || !draft} onClick={generated.reveal} aria-label="Reveal generated value">
          <Icon name="eye" />Reveal
        </button>
      )}
      <button type="button" className="value-button regenerate" onClick={regenerate} title="Make a new random value (the current one is discarded)">
        <Icon name="refresh" />Regenerate
      </button>
      <span className="sr-only" role="status">{announcement}</span>
    </div>
  );
}

export function ValueSourceFields({ draft, onChange, generated, error, label = 'Value' }: {
  draft: ValueDraft;
  onChange: (d: ValueDraft) => void;
  /** The draft in main for the current generator options (useGeneratedValue(draftOptionsOf(draft))). */
  generated: GeneratedValue;
  error: string | null;
  label?: string;
}) {
  const id = useId();
  const len = Number(draft.length);
  const local = Number.isInteger(len) && len >= 8 && len <= 1024 ? entropyBits(len, draft.alphabet) : null;
  // main's figure for the draft on show; the same formula locally while a new one is being made.
  const bits = generated.draft && !generated.pending ? generated.draft.entropyBits : local;
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
          <div className="draft-row">
            <GeneratedPreview generated={generated} label={label} />
          </div>
          <p className="entropy" aria-live="polite">
            {bits === null ? 'Entropy: —' : `Entropy: ${bits} bits`}
            {bits !== null && bits < 128 && ' · 128 bits or more is recommended'}
          </p>
          {generated.error && !error && <p className="field-error draft-error" role="alert">{generated.error}</p>}
        </div>
      )}
      {error && <p id={`${id}-err`} className="field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
