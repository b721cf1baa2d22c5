// The health report: every finding about the vault, from its credentials' metadata, their values
// (compared by keyed hash, checked for weakness; never returned), the audit trail, the sent-share
// records and the last leak scan. Plain Node over VaultApi, for the CLI and the application service.
import { createHmac, randomBytes } from 'node:crypto';
import type { Finding, HealthReport, LeakLocation, Severity } from '../../shared/health.ts';
import { severityRank } from '../../shared/health.ts';
import type { AuditAction, AuditEntry, CredentialMeta, OriginInfo } from '../../shared/model.ts';
import { DAY, relativeTime, spanText } from '../../shared/time.ts';
import { rotationDueAt } from '../../shared/attention.ts';
import type { VaultApi } from '../vault/api.ts';
import { expiredSharesOf, listSentRecords } from '../share/sent.ts';
import { checklistOf } from './checklist.ts';
import { loadScanRecord, type StoredHit } from './scan-record.ts';
import { weakness } from './strength.ts';

export const DEFAULT_LEAD_DAYS = 14;
/** "Unused" after this many days without a get, copy, run, reveal or share. */
export const UNUSED_DAYS = 90;
/** A burst: this many value reads within BURST_WINDOW_MS. */
export const BURST_COUNT = 20;
export const BURST_WINDOW_MS = 5 * 60_000;
/** Leak locations shown per finding; the rest are counted. */
const SHOWN_LOCATIONS = 5;

const USE_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>(['get', 'copy', 'run', 'reveal', 'share.create', 'history.reveal']);

export interface HealthOptions {
  now: number;
  leadDays?: number;
  origin: OriginInfo;
}

/** A name as a shell word, for the commands the report suggests. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

type Draft = Omit<Finding, 'credentialId' | 'credentialName' | 'at' | 'command'> & { at?: number | null; command?: string | null };

function finding(meta: CredentialMeta | null, d: Draft): Finding {
  const { at, command, ...rest } = d;
  return {
    ...rest,
    credentialId: meta?.id ?? null,
    credentialName: meta?.name ?? null,
    at: at === undefined || at === null ? null : new Date(at).toISOString(),
    command: command ?? null,
  };
}

export function buildHealthReport(vault: VaultApi, opts: HealthOptions): HealthReport {
  const { now } = opts;
  const leadMs = (opts.leadDays ?? DEFAULT_LEAD_DAYS) * DAY;
  const creds = vault.list({ scope: 'active' });
  const audit = vault.audit();
  const sent = listSentRecords(vault);
  const scan = loadScanRecord(vault);
  const findings: Finding[] = [];

  const lastUse = new Map<string, number>();
  const markedAt = new Map<string, number>();
  const rotatedAt = new Map<string, number>();
  for (const e of audit) {
    if (!e.credentialId || e.result !== 'ok') continue;
    const t = Date.parse(e.time);
    if (USE_ACTIONS.has(e.action)) lastUse.set(e.credentialId, Math.max(lastUse.get(e.credentialId) ?? 0, t));
    if (e.action === 'compromised') markedAt.set(e.credentialId, t);
    if (e.action === 'rotate') rotatedAt.set(e.credentialId, t);
  }

  const hitsById = new Map<string, StoredHit[]>();
  for (const h of scan?.hits ?? []) hitsById.set(h.credentialId, [...(hitsById.get(h.credentialId) ?? []), h]);

  for (const m of creds) {
    if (m.status === 'revoked') continue; // out of use: nothing left to fix
    const n = shellWord(m.name);
    findings.push(...exposureFindings(m, hitsById.get(m.id) ?? [], scan?.at ?? null));
    if (m.status === 'compromised') {
      const mark = markedAt.get(m.id);
      const rot = rotatedAt.get(m.id);
      const checklist = checklistOf(vault, m.id, mark !== undefined && rot !== undefined && rot > mark ? new Date(rot).toISOString() : null);
      const open = checklist.filter((c) => c.doneAt === null).length;
      const next = checklist.find((c) => c.doneAt === null)?.step;
      findings.push(open > 0
        ? finding(m, { kind: 'compromised', severity: 'critical', title: `Compromised: ${open} of ${checklist.length} incident steps still open`, action: 'Work through the incident checklist', command: `keyhold health --done ${n}=${next}`, at: mark ?? null, checklist })
        : finding(m, { kind: 'checklist-done', severity: 'low', title: 'Compromised; every incident step is done', action: 'Mark it revoked once the old key is gone at the provider', command: `keyhold revoke ${n}`, at: mark ?? null, checklist }));
      continue; // the checklist covers rotation; further findings would repeat it
    }
    findings.push(...dateFindings(m, now, leadMs));
    const shares = expiredSharesOf(m, sent, now);
    if (shares.length > 0) {
      const last = Math.max(...shares.map((s) => Date.parse(s.expiresAt)));
      findings.push(finding(m, {
        kind: 'shared-not-rotated', severity: 'medium', at: last,
        title: `Shared in ${shares.length === 1 ? 'a bundle' : `${shares.length} bundles`} that expired ${relativeTime(new Date(last).toISOString(), now)}, not rotated since`,
        action: 'Rotate it: whoever opened the bundle still has the value', command: `keyhold rotate ${n} --reason "shared"`,
      }));
    }
    if (m.status === 'active') findings.push(...usageFindings(m, lastUse.get(m.id), now));
  }

  for (const d of vault.damaged()) {
    findings.push({
      kind: 'damaged', severity: 'high', credentialId: d.id, credentialName: null, at: null, command: 'keyhold verify',
      title: `A credential record cannot be read (${d.reason})`,
      action: 'Restore the vault file from a backup; verify lists every damaged record',
    });
  }
  findings.push(...valueFindings(vault, creds, opts.origin));
  findings.push(...accessFindings(audit, now));
  return {
    generatedAt: new Date(now).toISOString(),
    leadDays: Math.round(leadMs / DAY),
    credentialsChecked: creds.length,
    lastScanAt: scan?.at ?? null,
    findings: sortFindings(findings),
  };
}

/** Expired, overdue, and expiring or due within the lead time: what reminders are about. No values read. */
export function dueFindings(vault: VaultApi, now: number, leadDays: number): Finding[] {
  return vault.list({ scope: 'active' })
    .filter((m) => m.status === 'active' || m.status === 'disabled')
    .flatMap((m) => dateFindings(m, now, leadDays * DAY));
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
    || (a.credentialName ?? '').localeCompare(b.credentialName ?? '') || a.kind.localeCompare(b.kind));
}

function exposureFindings(m: CredentialMeta, hits: StoredHit[], scanAt: string | null): Finding[] {
  const current = hits.filter((h) => h.valueVersion === m.valueVersion);
  const old = hits.filter((h) => h.valueVersion !== m.valueVersion);
  const out: Finding[] = [];
  const n = shellWord(m.name);
  const locs = (list: StoredHit[]): { locations: LeakLocation[]; more: number } => ({
    locations: list.slice(0, SHOWN_LOCATIONS).map(({ credentialId: _c, valueVersion: _v, ...loc }) => loc),
    more: Math.max(0, list.length - SHOWN_LOCATIONS),
  });
  const at = scanAt === null ? null : Date.parse(scanAt);
  if (current.length > 0) {
    out.push(finding(m, {
      kind: 'exposed', severity: 'critical', at, ...locs(current),
      title: `The current value sits in plaintext in ${current.length} place${current.length === 1 ? '' : 's'} (last scan)`,
      action: 'Remove it from those files, then rotate it (and revoke the old key at the provider)', command: `keyhold rotate ${n} --reason "found in plaintext"`,
    }));
  }
  if (old.length > 0) {
    out.push(finding(m, {
      kind: 'exposed-old-value', severity: 'medium', at, ...locs(old),
      title: `An old value sits in plaintext in ${old.length} place${old.length === 1 ? '' : 's'} (last scan)`,
      action: 'Make sure the old key is revoked at the provider, then remove it from those files', command: null,
    }));
  }
  return out;
}

function dateFindings(m: CredentialMeta, now: number, leadMs: number): Finding[] {
  const out: Finding[] = [];
  const n = shellWord(m.name);
  const when = (t: number): string => relativeTime(new Date(t).toISOString(), now);
  if (m.expiresAt !== null) {
    const t = Date.parse(m.expiresAt);
    if (t <= now) out.push(finding(m, { kind: 'expired', severity: 'high', at: t, title: `Expired ${when(t)}`, action: 'Get a new key from the provider and rotate, or set a new expiry', command: `keyhold rotate ${n}` }));
    else if (t - now <= leadMs) out.push(finding(m, { kind: 'expiring-soon', severity: 'medium', at: t, title: `Expires ${when(t)}`, action: 'Renew it before it expires', command: `keyhold rotate ${n}` }));
  }
  const due = rotationDueAt(m);
  if (due !== null) {
    if (due <= now) out.push(finding(m, { kind: 'rotation-overdue', severity: 'high', at: due, title: `Rotation overdue by ${spanText(now - due)}`, action: 'Rotate it', command: `keyhold rotate ${n}` }));
    else if (due - now <= leadMs) out.push(finding(m, { kind: 'rotation-due-soon', severity: 'medium', at: due, title: `Rotation due ${when(due)}`, action: 'Rotate it soon', command: `keyhold rotate ${n}` }));
  }
  return out;
}

function usageFindings(m: CredentialMeta, lastUse: number | undefined, now: number): Finding[] {
  const created = Date.parse(m.createdAt);
  const n = shellWord(m.name);
  if (lastUse === undefined) {
    if (now - created < UNUSED_DAYS * DAY) return [];
    return [finding(m, { kind: 'never-used', severity: 'low', at: created, title: `Never used in the ${Math.floor((now - created) / DAY)} days since it was added`, action: 'If nothing needs it, disable it, then revoke it at the provider', command: `keyhold disable ${n}` })];
  }
  if (now - lastUse < UNUSED_DAYS * DAY) return [];
  return [finding(m, { kind: 'unused', severity: 'low', at: lastUse, title: `Not used for ${Math.floor((now - lastUse) / DAY)} days`, action: 'If nothing needs it any more, disable it, then revoke it at the provider', command: `keyhold disable ${n}` })];
}

/** Duplicates (by HMAC under a key made for this run only) and weak values; values never leave. */
function valueFindings(vault: VaultApi, creds: CredentialMeta[], origin: OriginInfo): Finding[] {
  const checked = creds.filter((m) => m.status === 'active' || m.status === 'disabled');
  if (checked.length === 0) return [];
  const byId = new Map(checked.map((m) => [m.id, m]));
  const key = randomBytes(32);
  const groups = new Map<string, CredentialMeta[]>();
  const out: Finding[] = [];
  try {
    for (const stored of vault.readAllValues('health', origin)) {
      const m = byId.get(stored.credentialId);
      const current = stored.versions.find((v) => v.current);
      if (!m || !current) continue;
      const tag = createHmac('sha256', key).update(current.value, 'utf8').digest('base64');
      groups.set(tag, [...(groups.get(tag) ?? []), m]);
      const why = weakness(current.value);
      if (why) out.push(finding(m, { kind: 'weak-value', severity: 'medium', title: `Weak value: ${why}`, action: 'Rotate it to a long random value (from the provider, or generated)', command: `keyhold rotate ${shellWord(m.name)} --generate` }));
    }
  } finally {
    key.fill(0);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const m of group) {
      const others = group.filter((o) => o !== m).map((o) => o.name);
      out.push(finding(m, {
        kind: 'duplicate-value', severity: 'high', others,
        title: `Same value as ${others.length === 1 ? others[0] : `${others.length} other credentials`}`,
        action: 'Give each place its own key, so one leak or revocation does not hit the others', command: `keyhold rotate ${shellWord(m.name)}`,
      }));
    }
  }
  return out;
}

/** Failed unlocks and bursts of value reads since the unlock before the latest one. */
function accessFindings(audit: AuditEntry[], now: number): Finding[] {
  const unlocks = audit.map((e, i) => (e.action === 'unlock' && e.result === 'ok' ? i : -1)).filter((i) => i >= 0);
  const start = unlocks.length >= 2 ? unlocks[unlocks.length - 2]! + 1 : 0;
  const recent = audit.slice(start);
  const out: Finding[] = [];
  const failed = recent.filter((e) => e.action === 'unlock.failed');
  if (failed.length > 0) {
    const last = Date.parse(failed[failed.length - 1]!.time);
    const severity: Severity = failed.length >= 3 ? 'high' : 'medium';
    out.push(finding(null, { kind: 'failed-unlocks', severity, at: last, title: `${failed.length} failed unlock attempt${failed.length === 1 ? '' : 's'} since the previous unlock (last ${relativeTime(new Date(last).toISOString(), now)})`, action: 'If that was not you, change the master password and check who can reach this machine', command: 'keyhold audit --action unlock.failed' }));
  }
  const reads = recent.filter((e) => e.result === 'ok' && USE_ACTIONS.has(e.action)).map((e) => Date.parse(e.time));
  let worst = 0;
  let worstAt = 0;
  for (let i = 0, j = 0; i < reads.length; i++) {
    while (reads[i]! - reads[j]! > BURST_WINDOW_MS) j++;
    if (i - j + 1 > worst) [worst, worstAt] = [i - j + 1, reads[i]!];
  }
  if (worst >= BURST_COUNT) {
    out.push(finding(null, { kind: 'access-burst', severity: 'medium', at: worstAt, title: `${worst} values read within 5 minutes (${relativeTime(new Date(worstAt).toISOString(), now)})`, action: 'Check the audit trail: if that was not you or your scripts, rotate what was read', command: 'keyhold audit --since 7d' }));
  }
  return out;
}
