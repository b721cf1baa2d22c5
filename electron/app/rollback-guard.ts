// Whole-file rollback: the desktop app remembers, per vault id, the newest sealed audit head it
// has seen (the chain's sequence number and MAC), in a small record sealed by the OS keychain.
// A vault that later opens at a lower sequence number, or at the same one with a different MAC,
// is an older copy of the file put back (a restored backup, a sync conflict, an attacker): the
// service shows a warning until the user acknowledges it. The vault itself cannot notice this,
// since an old copy is internally consistent; only something outside the file can.
//
// No record is stored without a real keychain: Linux's basic_text store seals with a key
// hard-coded in the program, so anyone could forge "last seen" there and the protection would
// only pretend. See docs/vault-format.md, "Whole-file rollback".
import { z } from 'zod';
import { KEYCHAIN_PROBLEMS, type RollbackStatus, type RollbackWarning } from '../../shared/contract.ts';
import type { PlatformKeychain } from './platform.ts';

/** The record's name in the app's data folder. */
export const HEADS_RECORD = 'audit-heads';
/** Vaults remembered at most; the ones seen longest ago are dropped first. */
const MAX_VAULTS = 64;

export interface AuditHead {
  seq: number;
  mac: string;
}

const isoTime = z.iso.datetime({ offset: true });
const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const macSchema = z.string().regex(/^[0-9a-f]{64}$/);
const entrySchema = z.strictObject({
  seq: seqSchema,
  mac: macSchema,
  seenAt: isoTime,
  /** Set when the vault opened older than this entry; kept until acknowledged. */
  warning: z.strictObject({ foundSeq: seqSchema, foundMac: macSchema, detectedAt: isoTime }).nullable(),
});
const recordSchema = z.strictObject({
  format: z.literal(1),
  vaults: z.record(z.string().min(1).max(128), entrySchema),
});
type Entry = z.infer<typeof entrySchema>;
type HeadsRecord = z.infer<typeof recordSchema>;
type Protection = RollbackStatus['protection'];

/** A head older than the remembered one: fewer records, or the same count with another history. */
export function isOlder(head: AuditHead, seen: AuditHead): boolean {
  return head.seq < seen.seq || (head.seq === seen.seq && head.mac !== seen.mac);
}

function toWarning(entry: Entry): RollbackWarning | null {
  if (!entry.warning) return null;
  return { lastSeenAt: entry.seenAt, lastSeenSeq: entry.seq, foundSeq: entry.warning.foundSeq, detectedAt: entry.warning.detectedAt };
}

/** The decrypted record, or an empty one when it is missing, unreadable or malformed. */
export function parseRecord(text: string | null): HeadsRecord {
  if (text === null) return { format: 1, vaults: {} };
  try {
    const r = recordSchema.safeParse(JSON.parse(text));
    if (r.success) return r.data;
  } catch {
    // not JSON: treated like a record that does not parse
  }
  return { format: 1, vaults: {} };
}

export class RollbackGuard {
  readonly #keychain: PlatformKeychain;
  readonly #now: () => number;
  /** Every job runs after the previous one, so a load, compare and save never interleave. */
  #queue: Promise<unknown> = Promise.resolve();
  #protection: Protection | null = null;
  #record: HeadsRecord | null = null;

  constructor(keychain: PlatformKeychain, now: () => number) {
    this.#keychain = keychain;
    this.#now = now;
  }

  /**
   * Compares the vault's head with the one remembered and remembers the newer. Returns the
   * warning when this call found the vault older than remembered (null otherwise, also while an
   * earlier warning waits: the remembered head then stays as it was until acknowledged).
   */
  observe(vaultId: string, head: AuditHead): Promise<RollbackWarning | null> {
    return this.#run(async () => {
      if (!(await this.#protectionNow()).on) return null;
      const record = await this.#load();
      const entry = record.vaults[vaultId];
      if (entry?.warning) return null;
      if (entry && entry.seq === head.seq && entry.mac === head.mac) return null;
      const now = new Date(this.#now()).toISOString();
      if (entry && isOlder(head, entry)) {
        entry.warning = { foundSeq: head.seq, foundMac: head.mac, detectedAt: now };
        await this.#save(record);
        return toWarning(entry);
      }
      record.vaults[vaultId] = { seq: head.seq, mac: head.mac, seenAt: now, warning: null };
      await this.#save(record);
      return null;
    });
  }

  /** The user read the warning: the vault as it is now becomes the newest state seen. */
  acknowledge(vaultId: string, head: AuditHead): Promise<void> {
    return this.#run(async () => {
      if (!(await this.#protectionNow()).on) return;
      const record = await this.#load();
      record.vaults[vaultId] = { seq: head.seq, mac: head.mac, seenAt: new Date(this.#now()).toISOString(), warning: null };
      await this.#save(record);
    });
  }

  /** The app itself replaced the file (restore from a backup): whatever opens next is expected. */
  forget(vaultId: string): Promise<void> {
    return this.#run(async () => {
      if (!(await this.#protectionNow()).on) return;
      const record = await this.#load();
      if (!record.vaults[vaultId]) return;
      delete record.vaults[vaultId];
      await this.#save(record);
    });
  }

  status(vaultId: string): Promise<RollbackStatus> {
    return this.#run(async () => {
      const protection = await this.#protectionNow();
      if (!protection.on) return { protection, warning: null };
      const entry = (await this.#load()).vaults[vaultId];
      return { protection, warning: entry ? toWarning(entry) : null };
    });
  }

  #run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(job, job);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Asked until the keychain is found usable (a keyring unlocked later turns protection on). */
  async #protectionNow(): Promise<Protection> {
    if (this.#protection?.on) return this.#protection;
    let backend = 'unavailable';
    try {
      backend = await this.#keychain.backend();
    } catch {
      // a keychain that cannot even say what it is counts as none
    }
    const reason = backend === 'basic_text' ? 'basic_text' : backend === 'unavailable' || backend === 'unknown' ? 'unavailable' : null;
    this.#protection = { on: reason === null, reason: reason satisfies (typeof KEYCHAIN_PROBLEMS)[number] | null };
    return this.#protection;
  }

  async #load(): Promise<HeadsRecord> {
    if (this.#record) return this.#record;
    let text: string | null = null;
    try {
      text = await this.#keychain.load(HEADS_RECORD);
    } catch {
      // Sealed by another keychain (a new login keyring, another machine): start again.
    }
    this.#record = parseRecord(text);
    return this.#record;
  }

  async #save(record: HeadsRecord): Promise<void> {
    const ids = Object.keys(record.vaults);
    if (ids.length > MAX_VAULTS) {
      ids.sort((a, b) => record.vaults[b]!.seenAt.localeCompare(record.vaults[a]!.seenAt));
      for (const id of ids.slice(MAX_VAULTS)) delete record.vaults[id];
    }
    try {
      await this.#keychain.save(HEADS_RECORD, JSON.stringify(record));
    } catch {
      // Kept in memory for this run; the next change tries again. Never stops the vault.
    }
  }
}
