// The health report: what needs attention, as findings grouped by severity. Computed in main
// (electron/health/) for the CLI and the desktop app; the renderer only shows it. No finding ever
// carries a secret value: duplicates are compared by keyed hash, leaks are named by file and line.
import { z } from 'zod';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_KINDS = [
  'compromised', 'exposed', 'damaged', 'expired', 'rotation-overdue', 'failed-unlocks', 'duplicate-value',
  'exposed-old-value', 'expiring-soon', 'rotation-due-soon', 'weak-value', 'shared-not-rotated', 'access-burst',
  'never-used', 'unused', 'checklist-done',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Words `keyhold health --fail-on` takes besides a severity: groups of finding kinds. */
export const FAIL_ON_GROUPS = {
  overdue: ['expired', 'rotation-overdue'],
  due: ['expired', 'rotation-overdue', 'expiring-soon', 'rotation-due-soon'],
  exposed: ['exposed', 'exposed-old-value'],
} as const satisfies Record<string, readonly FindingKind[]>;

/** The incident checklist of a compromised credential, in order. */
export const CHECKLIST_STEPS = ['revoke', 'rotate', 'audit', 'notify'] as const;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];
export const CHECKLIST_LABELS: Record<ChecklistStep, string> = {
  revoke: 'Revoke the key at the provider',
  rotate: 'Rotate: put a new value in place and deploy it',
  audit: 'Review the audit trail for unexpected reveals, copies and shares',
  notify: 'Tell everyone who received it in a share bundle',
};

/** Where a leak scan found a value (never the value itself). */
export const LEAK_PLACES = ['file', 'ignored', 'git', 'staged', 'home'] as const;
export const leakLocationSchema = z.strictObject({
  place: z.enum(LEAK_PLACES),
  file: z.string(),
  line: z.number().int().min(1),
  /** First commit that holds the blob (git history only). */
  commit: z.string().optional(),
  /** Which form matched: the value itself, base64 or percent-encoded. */
  form: z.enum(['raw', 'base64', 'percent']),
});
export type LeakLocation = z.infer<typeof leakLocationSchema>;

export const findingSchema = z.strictObject({
  kind: z.enum(FINDING_KINDS),
  severity: z.enum(SEVERITIES),
  credentialId: z.string().nullable(),
  credentialName: z.string().nullable(),
  /** One line: what is wrong ("Expired 3 days ago"). */
  title: z.string(),
  /** What fixes it, in words, and the CLI command that does it (when there is one). */
  action: z.string(),
  command: z.string().nullable(),
  /** The instant the finding is about (expiry, due date, last use, scan time). */
  at: z.string().nullable(),
  /** Leak scan hits (at most a few; `more` counts the rest). */
  locations: z.array(leakLocationSchema).optional(),
  more: z.number().int().min(0).optional(),
  /** Names of the other credentials holding the same value. */
  others: z.array(z.string()).optional(),
  checklist: z.array(z.strictObject({ step: z.enum(CHECKLIST_STEPS), label: z.string(), doneAt: z.string().nullable() })).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

export const healthReportSchema = z.strictObject({
  generatedAt: z.string(),
  leadDays: z.number().int(),
  credentialsChecked: z.number().int(),
  lastScanAt: z.string().nullable(),
  findings: z.array(findingSchema),
});
export type HealthReport = z.infer<typeof healthReportSchema>;

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** True when `finding` trips `--fail-on WORD` (a severity: that or worse; a group; or a kind). */
export function tripsFailOn(finding: Finding, word: string): boolean {
  if ((SEVERITIES as readonly string[]).includes(word)) return severityRank(finding.severity) <= severityRank(word as Severity);
  const group = (FAIL_ON_GROUPS as Record<string, readonly string[]>)[word];
  if (group) return group.includes(finding.kind);
  return finding.kind === word;
}

export function isFailOnWord(word: string): boolean {
  return (SEVERITIES as readonly string[]).includes(word) || Object.hasOwn(FAIL_ON_GROUPS, word) || (FINDING_KINDS as readonly string[]).includes(word);
}
