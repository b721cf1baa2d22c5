// The audit trail: sealed records chained by HMAC-SHA256. mac_n = HMAC(auditKey, mac_{n-1} ||
// seq_n || blob_n), mac_0 = 32 zero bytes. The chain head (seq + mac) is itself a sealed record
// updated in the same transaction, so removing the newest rows is detected too; it also carries
// the manifest's bucket versions (manifest.ts), which owns reading and writing it.
import { timingSafeEqual } from 'node:crypto';
import { encodeAad, hmac, open as openSealed, seal } from './crypto.ts';
import type { SealCtx } from './records.ts';
import { stmt } from './db.ts';
import { readHeadRow } from './manifest.ts';
import type { AuditEntry } from '../../shared/model.ts';
import { KeyholdError } from '../../shared/errors.ts';

const GENESIS = Buffer.alloc(32);

interface AuditRow {
  seq: number;
  blob: Buffer;
  mac: Buffer;
}
export type AuditPayload = Omit<AuditEntry, 'seq'>;

function auditAad(vaultId: string, seq: number): Buffer {
  return encodeAad(['keyhold-audit-v1', vaultId, seq]);
}

function seqBytes(seq: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(seq));
  return b;
}

function chainMac(macKey: Buffer, prev: Buffer, seq: number, blob: Buffer): Buffer {
  return hmac(macKey, prev, seqBytes(seq), blob);
}

/**
 * Appends one record. Must run inside the caller's write transaction: the head is read there,
 * so two processes writing the same vault never fork the chain.
 */
export function appendAudit(ctx: SealCtx, macKey: Buffer, entry: AuditPayload, genesis = false): number {
  // Only vault creation starts a chain: a missing head later means it was deleted, and starting
  // a fresh chain would hide that (the manifest refuses a missing head unless genesis).
  const head = ctx.manifest.head(ctx, { genesis });
  const seq = head.seq + 1;
  const plain = Buffer.from(JSON.stringify(entry), 'utf8');
  const blob = seal(ctx.key, plain, auditAad(ctx.vaultId, seq));
  plain.fill(0);
  const mac = chainMac(macKey, Buffer.from(head.mac, 'hex'), seq, blob);
  stmt(ctx.db, 'INSERT INTO audit (seq, blob, mac) VALUES (?, ?, ?)').run(seq, blob, mac);
  ctx.manifest.setChain(ctx, seq, mac.toString('hex'), { genesis });
  return seq;
}

/** Every audit row, in order (rekey re-seals them). */
export function auditRows(ctx: SealCtx): AuditRow[] {
  return allRows(ctx);
}

/** Decrypts one audit row's payload, or null when it fails. */
export function openAuditRow(ctx: SealCtx, row: { seq: number; blob: Buffer }): Buffer | null {
  return openSealed(ctx.key, row.blob, auditAad(ctx.vaultId, row.seq));
}

/** Seals one audit payload at `seq` and chains it after `prev`: what appendAudit writes. */
export function sealAuditRow(ctx: SealCtx, macKey: Buffer, prev: Buffer, seq: number, plain: Buffer): { blob: Buffer; mac: Buffer } {
  const blob = seal(ctx.key, plain, auditAad(ctx.vaultId, seq));
  return { blob, mac: chainMac(macKey, prev, seq, blob) };
}

function allRows(ctx: SealCtx): AuditRow[] {
  return stmt(ctx.db, 'SELECT seq, blob, mac FROM audit ORDER BY seq').all() as AuditRow[];
}

/** Decrypts every record; INTEGRITY (with the failing seqs) if any does not authenticate. */
export function readAudit(ctx: SealCtx): AuditEntry[] {
  const out: AuditEntry[] = [];
  const bad: string[] = [];
  for (const row of allRows(ctx)) {
    const plain = openSealed(ctx.key, row.blob, auditAad(ctx.vaultId, row.seq));
    if (!plain) {
      bad.push(`audit:${row.seq}`);
      continue;
    }
    out.push({ seq: row.seq, ...(JSON.parse(plain.toString('utf8')) as AuditPayload) });
  }
  if (bad.length) throw new KeyholdError('INTEGRITY', `${bad.length} audit record(s) failed authentication. Run verify.`, { ids: bad });
  return out;
}

export interface AuditCheck {
  ok: boolean;
  entries: number;
  problems: string[];
  /** Decrypted entries that authenticated, for cross-checks by verify. */
  readable: AuditEntry[];
}

/** Walks the whole chain and reports every problem it finds; never stops at the first. */
export function verifyAudit(ctx: SealCtx, macKey: Buffer): AuditCheck {
  const problems: string[] = [];
  const readable: AuditEntry[] = [];
  const rows = allRows(ctx);
  let prev: Buffer = GENESIS;
  let expect = 1;
  for (const row of rows) {
    if (row.seq !== expect) problems.push(`audit records ${expect}..${row.seq - 1} are missing (deleted)`);
    const plain = openSealed(ctx.key, row.blob, auditAad(ctx.vaultId, row.seq));
    if (!plain) problems.push(`audit record ${row.seq}: authentication failed (edited or moved)`);
    else {
      try {
        readable.push({ seq: row.seq, ...(JSON.parse(plain.toString('utf8')) as AuditPayload) });
      } catch {
        problems.push(`audit record ${row.seq}: unreadable content`);
      }
    }
    const mac = chainMac(macKey, prev, row.seq, row.blob);
    if (!Buffer.isBuffer(row.mac) || row.mac.length !== mac.length || !timingSafeEqual(mac, row.mac)) {
      problems.push(`audit record ${row.seq}: chain MAC mismatch (this record or the one before it was edited, removed or reordered)`);
    }
    // Continue from the stored MAC so one bad record is reported once, not as a cascade.
    prev = Buffer.isBuffer(row.mac) ? row.mac : Buffer.alloc(32);
    expect = row.seq + 1;
  }
  const stored = readHeadRow(ctx);
  if (stored === null) problems.push('audit chain head failed authentication');
  const head = stored ?? undefined;
  const last = rows[rows.length - 1];
  // Every vault starts its chain at creation, so a missing head always means tampering.
  if (stored === undefined) {
    problems.push(rows.length ? 'audit chain head is missing' : 'audit chain is missing entirely (head and records deleted)');
  }
  if (head) {
    if (!last || head.seq !== last.seq) {
      problems.push(`audit chain head expects ${head.seq} record(s) but the newest is ${last?.seq ?? 0}: newest records were removed`);
    } else if (head.mac !== last.mac.toString('hex')) {
      problems.push(`audit chain head does not match record ${last.seq}`);
    }
  }
  return { ok: problems.length === 0, entries: rows.length, problems, readable };
}
