// The vault's entries in the audit trail (the sealed hash chain itself is in audit.ts): one entry
// per user action, appended inside that action's transaction, and reading entries back through a
// filter.
import { z } from 'zod';
import {
  AUDIT_ACTIONS, ORIGIN_KINDS, processInfoSchema,
  type AuditAction, type AuditEntry, type AuditFilter, type AuditResult, type OriginInfo,
} from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';
import { appendAudit, readAudit, type AuditPayload } from './audit.ts';
import { parseInput } from './validate.ts';
import { requireKeys, sealCtx, type VaultContext } from './context.ts';
import { auditOnly, readTransaction } from './transaction.ts';

export interface LogOptions {
  cred?: { id: string; name: string | null } | undefined;
  result?: AuditResult;
  detail?: string | undefined;
  /** When the action happened, if not now (failed unlocks are logged at the next unlock). */
  time?: number;
  /** Only vault creation may start the chain. */
  genesis?: boolean;
}

/** Appends one entry; call inside the action's write transaction so both commit together. */
export function logAction(ctx: VaultContext, action: AuditAction, origin: OriginInfo, o: LogOptions): void {
  if (!ORIGIN_KINDS.includes(origin?.kind) || (origin.command !== undefined && (typeof origin.command !== 'string' || origin.command.length > 200))) {
    throw new KeyholdError('INVALID_INPUT', 'Invalid origin: kind must be desktop, cli or agent; command at most 200 characters');
  }
  const entry: AuditPayload = {
    time: new Date(o.time ?? ctx.clock()).toISOString(),
    action,
    credentialId: o.cred?.id ?? null,
    credentialName: o.cred?.name ?? null,
    origin: auditOrigin(origin),
    result: o.result ?? 'ok',
  };
  if (o.detail !== undefined) entry.detail = o.detail;
  appendAudit(sealCtx(ctx), requireKeys(ctx).auditKey, entry, o.genesis === true);
}

/** The origin as stored: kind, command when given, and the asking process (validated) when known. */
function auditOrigin(origin: OriginInfo): OriginInfo {
  const out: OriginInfo = origin.command === undefined ? { kind: origin.kind } : { kind: origin.kind, command: origin.command };
  if (origin.process !== undefined) out.process = parseInput(processInfoSchema, origin.process, 'origin process');
  return out;
}

/** VaultApi.record: an action performed above the core (copy, share, ...), in its own transaction (or deferred). */
export function recordAction(
  ctx: VaultContext,
  action: AuditAction,
  origin: OriginInfo,
  opts: { credentialId?: string | null; result?: AuditResult; detail?: string },
): void {
  const a = parseInput(z.enum(AUDIT_ACTIONS), action, 'audit action');
  const detail = opts.detail === undefined ? undefined : parseInput(z.string().max(2000), opts.detail, 'audit detail');
  const id = opts.credentialId ?? null;
  // The current name when the credential still exists and reads; the entry keeps the id either way.
  const meta = id ? currentName(ctx, id) : undefined;
  const time = ctx.clock();
  auditOnly(ctx, () => logAction(ctx, a, origin, { cred: meta ?? (id ? { id, name: null } : undefined), result: opts.result ?? 'ok', detail, time }));
}

function currentName(ctx: VaultContext, id: string): { id: string; name: string } | undefined {
  try {
    return readTransaction(ctx, () => {
      const m = ctx.index.byId(ctx, id);
      return m && { id: m.id, name: m.name };
    });
  } catch (e) {
    if (e instanceof KeyholdError && e.code === 'INTEGRITY') return undefined;
    throw e;
  }
}

/** Entries matching the filter, oldest first; `limit` keeps the newest ones. */
export function readAuditLog(ctx: VaultContext, filter: AuditFilter): AuditEntry[] {
  return readTransaction(ctx, () => {
    const since = filter.since ? Date.parse(filter.since) : -Infinity;
    const until = filter.until ? Date.parse(filter.until) : Infinity;
    if (Number.isNaN(since) || Number.isNaN(until)) throw new KeyholdError('INVALID_INPUT', 'Invalid date in audit filter');
    const out = readAudit(sealCtx(ctx)).filter((e) => {
      if (filter.credentialId && e.credentialId !== filter.credentialId) return false;
      if (filter.action && e.action !== filter.action) return false;
      if (filter.originKind && e.origin.kind !== filter.originKind) return false;
      const t = Date.parse(e.time);
      return t >= since && t <= until;
    });
    return filter.limit !== undefined && filter.limit >= 0 ? out.slice(Math.max(0, out.length - filter.limit)) : out;
  });
}
