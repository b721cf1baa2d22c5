// The incident checklist of a compromised credential, ticked off step by step and kept in the vault
// (a sealed 'health' document per credential), so the desktop and the CLI show the same progress.
import { z } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';
import { CHECKLIST_LABELS, CHECKLIST_STEPS, type ChecklistStep } from '../../shared/health.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';

const docSchema = z.object({ done: z.partialRecord(z.enum(CHECKLIST_STEPS), z.string()) });
type ChecklistDoc = z.infer<typeof docSchema>;

const docId = (credentialId: string): string => `checklist:${credentialId}`;

export interface ChecklistItem {
  step: ChecklistStep;
  label: string;
  doneAt: string | null;
}

function load(vault: VaultApi, credentialId: string): ChecklistDoc {
  const raw = vault.getDoc<unknown>('health', docId(credentialId));
  if (raw === undefined) return { done: {} };
  const r = docSchema.safeParse(raw);
  // A malformed record is treated as "nothing ticked": the safe reading of a checklist.
  return r.success ? r.data : { done: {} };
}

/** The steps with when each was ticked; a rotation after the credential was marked compromised ticks "rotate". */
export function checklistOf(vault: VaultApi, credentialId: string, rotatedAfterMarkAt: string | null): ChecklistItem[] {
  const { done } = load(vault, credentialId);
  return CHECKLIST_STEPS.map((step) => ({
    step,
    label: CHECKLIST_LABELS[step],
    doneAt: done[step] ?? (step === 'rotate' ? rotatedAfterMarkAt : null),
  }));
}

/** Ticks (or unticks) one step; audited. Only for a compromised credential. */
export function tickStep(vault: VaultApi, ref: string, step: ChecklistStep, done: boolean, at: string, origin: OriginInfo): ChecklistItem[] {
  const meta = vault.get(ref);
  if (meta.status !== 'compromised') {
    throw new KeyholdError('INVALID_INPUT', `'${meta.name}' is not marked compromised, so it has no incident checklist.`);
  }
  const doc = load(vault, meta.id);
  if (done) doc.done[step] = at;
  else delete doc.done[step];
  vault.putDoc('health', docId(meta.id), doc);
  vault.record('checklist.tick', origin, { credentialId: meta.id, detail: `${step} ${done ? 'done' : 'not done'}` });
  return checklistOf(vault, meta.id, null);
}

/** Forgets the checklist of a credential (when it is no longer compromised nothing reads it, but purge should not leave it). */
export function dropChecklist(vault: VaultApi, credentialId: string): void {
  vault.deleteDoc('health', docId(credentialId));
}
