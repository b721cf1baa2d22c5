// After a scan: one audit entry with the outcome, and (unless it was only a pre-commit check) the
// hits kept for the health report. Shared by `keyhold scan` and the desktop's scan action.
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { MAX_STORED_HITS, saveScanRecord } from '../health/scan-record.ts';
import type { ScanResult } from './scan.ts';

export function recordScan(vault: VaultApi, result: ScanResult, opts: { scope: string; at: number; origin: OriginInfo; keep: boolean }): void {
  const files = new Set(result.hits.map((h) => h.absolute)).size;
  vault.record('scan', opts.origin, { detail: `${opts.scope}: ${result.hits.length} stored-value hit(s) in ${files} file(s), ${result.patterns.length} unknown key-like string(s)` });
  if (!opts.keep) return;
  saveScanRecord(vault, {
    at: new Date(opts.at).toISOString(), scope: opts.scope, truncated: Math.max(0, result.hits.length - MAX_STORED_HITS),
    hits: result.hits.slice(0, MAX_STORED_HITS).map((h) => ({
      credentialId: h.credentialId, valueVersion: h.valueVersion, place: h.place, file: h.absolute, line: h.line, form: h.form, ...(h.commit ? { commit: h.commit } : {}),
    })),
  });
}
