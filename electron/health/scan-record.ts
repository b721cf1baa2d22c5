// The last leak scan's results, kept in the vault (a sealed 'health' document) so the health
// report can say "found exposed by the last scan": credential ids, value versions, file and line.
// Never values.
import { z } from 'zod';
import { leakLocationSchema } from '../../shared/health.ts';
import type { VaultApi } from '../vault/api.ts';

const DOC_ID = 'last-scan';
/** Enough to act on; the scan's own output has them all. */
export const MAX_STORED_HITS = 2000;

export const storedHitSchema = leakLocationSchema.extend({
  credentialId: z.string(),
  valueVersion: z.number().int(),
});
export type StoredHit = z.infer<typeof storedHitSchema>;

const recordSchema = z.object({
  at: z.string(),
  /** What was scanned, in words ("2 paths, git history"). */
  scope: z.string(),
  hits: z.array(storedHitSchema).max(MAX_STORED_HITS),
  truncated: z.number().int().min(0),
});
export type ScanRecord = z.infer<typeof recordSchema>;

export function saveScanRecord(vault: VaultApi, record: ScanRecord): void {
  vault.putDoc('health', DOC_ID, recordSchema.parse(record));
}

/** The last scan, or null when there was none (or its record is unreadable). */
export function loadScanRecord(vault: VaultApi): ScanRecord | null {
  const raw = vault.getDoc<unknown>('health', DOC_ID);
  if (raw === undefined) return null;
  const r = recordSchema.safeParse(raw);
  return r.success ? r.data : null;
}
