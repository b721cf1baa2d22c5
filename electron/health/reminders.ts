// Reminders: after an unlock the desktop app shows one notification when something became due
// (expired, rotation overdue, or expiring / due within the lead time) that it has not reminded
// of before. What was reminded is kept in the vault, so each thing is announced once.
import { z } from 'zod';
import type { Finding } from '../../shared/health.ts';
import type { VaultApi } from '../vault/api.ts';
import { dueFindings } from './report.ts';

const DOC_ID = 'reminded';
const docSchema = z.object({ keys: z.array(z.string()).max(100_000) });
/** Names listed in the notification; the rest are counted. */
const NAMED = 3;

export interface Notice {
  title: string;
  body: string;
}

const keyOf = (f: Finding): string => `${f.kind}:${f.credentialId}:${f.at}`;

const WORDS: Partial<Record<Finding['kind'], string>> = {
  expired: 'expired', 'rotation-overdue': 'rotation overdue', 'expiring-soon': 'expiring soon', 'rotation-due-soon': 'rotation due soon',
};

/** The notification to show now, or null; records what it announces. */
export function reminderAfterUnlock(vault: VaultApi, now: number, leadDays: number): Notice | null {
  const due = dueFindings(vault, now, leadDays);
  const parsed = docSchema.safeParse(vault.getDoc<unknown>('health', DOC_ID));
  const before = new Set(parsed.success ? parsed.data.keys : []);
  const fresh = due.filter((f) => !before.has(keyOf(f)));
  // Keep only what is still due, so the record does not grow forever.
  const keys = due.map(keyOf);
  if (fresh.length === 0) {
    if (keys.length !== before.size) vault.putDoc('health', DOC_ID, { keys });
    return null;
  }
  vault.putDoc('health', DOC_ID, { keys });
  const names = [...new Set(fresh.map((f) => f.credentialName ?? ''))];
  const parts = fresh.slice(0, NAMED).map((f) => `${f.credentialName}: ${WORDS[f.kind] ?? f.kind}`);
  const more = fresh.length - parts.length;
  return {
    title: `${names.length} key${names.length === 1 ? '' : 's'} need${names.length === 1 ? 's' : ''} attention`,
    body: parts.join('; ') + (more > 0 ? `; and ${more} more` : '') + '. Open Needs attention in Keyhold.',
  };
}
