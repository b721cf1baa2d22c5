// The generated value of a New credential / Rotate dialog, as a draft kept in main: the dialog
// holds only its id, masked preview and entropy. A new draft is made when the generator options
// settle (and on Regenerate), each replacing the last; requests run one after another so no draft
// is left orphaned in main. The value enters the page only while the user has it revealed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OpOutput } from '../../../shared/contract.ts';
import type { GeneratorOptions } from '../../../shared/model.ts';
import { ClientError, call, errorMessage } from '../client.ts';

/** Typing a length of 64 makes one draft, not one for 6 and one for 64. */
const SETTLE_MS = 250;
/** A draft this close to its expiry is replaced before saving rather than refused by main. */
const EXPIRY_MARGIN_MS = 10_000;

export interface GeneratedDraft extends OpOutput<'generator.draft'> {
  /** The options it was made with (see optionsKey). */
  key: string;
  /** Renderer clock. */
  expiresAt: number;
  /** The user has seen this value (revealed it): it must not be swapped silently. */
  seen: boolean;
}

export interface RevealedDraft {
  draftId: string;
  value: string;
  hideAt: number;
  hideAfterMs: number;
}

export interface GeneratedValue {
  /** The current draft, or null before the first one arrives. */
  draft: GeneratedDraft | null;
  /** True while a draft for the current options is being made. */
  pending: boolean;
  error: string | null;
  revealed: RevealedDraft | null;
  regenerate(): void;
  reveal(): void;
  hide(): void;
  /** The id of a live draft made with the current options, to save; rejects with a ClientError. */
  ensure(): Promise<string>;
}

const optionsKey = (o: GeneratorOptions): string => JSON.stringify([o.length, o.alphabet, o.prefix ?? '']);

/** `options`: the generator options when the dialog is in Generate mode and they are valid, else null. */
export function useGeneratedValue(options: GeneratorOptions | null): GeneratedValue {
  const key = options ? optionsKey(options) : null;
  const [draft, setDraft] = useState<GeneratedDraft | null>(null);
  const [inFlight, setInFlight] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<RevealedDraft | null>(null);
  const live = useRef(true);
  const draftRef = useRef<GeneratedDraft | null>(null);
  const errorRef = useRef<string | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const hideTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const current = useRef<{ key: string | null; options: GeneratorOptions | null }>({ key, options });
  current.current = { key, options };

  const hide = useCallback(() => {
    if (hideTimer.current) clearTimeout(hideTimer.current);
    hideTimer.current = null;
    setRevealed(null);
  }, []);

  const request = useCallback((opts: GeneratorOptions, forKey: string): Promise<void> => {
    const run = chain.current.then(async () => {
      if (!live.current) return;
      const replaces = draftRef.current?.draftId;
      try {
        const out = await call('generator.draft', { options: opts, ...(replaces ? { replaces } : {}) });
        const next: GeneratedDraft = { ...out, key: forKey, expiresAt: Date.now() + out.expiresInMs, seen: false };
        draftRef.current = next;
        errorRef.current = null;
        if (live.current) {
          setDraft(next);
          setError(null);
        }
      } catch (e) {
        errorRef.current = errorMessage(e);
        if (live.current) setError(errorRef.current);
      }
    });
    chain.current = run;
    setInFlight((n) => n + 1);
    void run.finally(() => {
      if (live.current) setInFlight((n) => n - 1);
    });
    return run;
  }, []);

  const flushSettle = useCallback((): boolean => {
    if (!settle.current) return false;
    clearTimeout(settle.current);
    settle.current = null;
    return true;
  }, []);

  // New options: hide what is shown (it is not what will be saved) and make a draft once they settle.
  useEffect(() => {
    hide();
    const { options: opts } = current.current;
    if (key === null || !opts || draftRef.current?.key === key) return;
    settle.current = setTimeout(() => {
      settle.current = null;
      void request(opts, key);
    }, draftRef.current ? SETTLE_MS : 0);
    return () => {
      flushSettle();
    };
  }, [key, hide, request, flushSettle]);

  useEffect(() => {
    live.current = true; // again after StrictMode's trial unmount
    return () => {
      live.current = false;
      // Closed unsaved (or saved: then the id is already used up and this does nothing).
      const left = draftRef.current;
      draftRef.current = null;
      if (left) void call('generator.discard', { draftId: left.draftId }).catch(() => undefined);
      if (hideTimer.current) clearTimeout(hideTimer.current);
      if (settle.current) clearTimeout(settle.current);
    };
  }, []);

  const regenerate = useCallback(() => {
    const { key: k, options: opts } = current.current;
    if (k === null || !opts) return;
    hide();
    flushSettle();
    void request(opts, k);
  }, [hide, flushSettle, request]);

  const reveal = useCallback(() => {
    const d = draftRef.current;
    if (!d || d.key !== current.current.key) return;
    void (async () => {
      try {
        const { value, hideAfterMs } = await call('generator.reveal', { draftId: d.draftId });
        // Regenerated or changed while asking: this value is no longer the one to show.
        if (!live.current || draftRef.current?.draftId !== d.draftId) return;
        d.seen = true;
        if (hideTimer.current) clearTimeout(hideTimer.current);
        hideTimer.current = setTimeout(() => {
          hideTimer.current = null;
          setRevealed(null);
        }, hideAfterMs);
        setRevealed({ draftId: d.draftId, value, hideAt: Date.now() + hideAfterMs, hideAfterMs });
      } catch (e) {
        if (live.current) setError(errorMessage(e));
      }
    })();
  }, []);

  const ensure = useCallback(async (): Promise<string> => {
    const { key: k, options: opts } = current.current;
    if (k === null || !opts) throw new ClientError('INVALID_INPUT', 'Choose the generator options first.');
    if (flushSettle()) void request(opts, k);
    await chain.current;
    let d = draftRef.current;
    if (d && d.key === k && Date.now() >= d.expiresAt - EXPIRY_MARGIN_MS) {
      if (d.seen) throw new ClientError('EXPIRED', 'The generated value you revealed has expired unsaved. Press Regenerate for a new one.');
      d = null; // never seen: any fresh value is as good
    }
    if (!d || d.key !== k) {
      await request(opts, k);
      d = draftRef.current;
    }
    if (!d || d.key !== k) throw new ClientError('INTERNAL', errorRef.current ?? 'Could not generate a value. Press Regenerate to try again.');
    return d.draftId;
  }, [flushSettle, request]);

  const shown = revealed && draft && revealed.draftId === draft.draftId && draft.key === key ? revealed : null;
  return { draft, pending: inFlight > 0 || (key !== null && draft?.key !== key), error, revealed: shown, regenerate, reveal, hide, ensure };
}
