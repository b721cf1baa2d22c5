// The leak scan: where do the vault's own values (and their base64 and percent-encoded forms)
// appear? Sources: files under PATHs, git history, staged changes, and the usual plaintext
// places in HOME. Values stay in memory: the matcher is built on shared memory for the workers.
import path from 'node:path';
import { KEY_PATTERNS } from './patterns.ts';
import type { LeakLocation } from '../../shared/health.ts';
import { buildNeedles, type NeedleOwner, type NeedleSet, type ValueSource } from './needles.ts';
import { ScanPool, type JobResult } from './pool.ts';
import { unknownKeys, type BufferHit, type BufferPatternHit } from './scan-buffer.ts';
import { DEFAULT_MAX_BYTES, walk } from './files.ts';
import { firstCommits, historyBlobList, readBlobs, requireRepo, stagedBlobList } from './git.ts';
import { homeFiles } from './home.ts';

export interface ScanRequest {
  paths: string[];
  gitHistory: boolean;
  staged: boolean;
  home: boolean;
  includeIgnored: boolean;
  cwd: string;
  homeDir: string;
  maxBytes?: number;
  threads?: number;
}

export type Place = LeakLocation['place'];

export interface ValueHit extends Omit<NeedleOwner, 'form'> {
  form: LeakLocation['form'];
  place: Place;
  /** As shown: relative to cwd, `~/…`, or the path inside the repository (git, staged). */
  file: string;
  /** Absolute path (for git and staged: under the work tree's top folder). */
  absolute: string;
  line: number;
  commit?: string;
}

export interface PatternHitReport {
  label: string;
  place: Place;
  file: string;
  absolute: string;
  line: number;
  commit?: string;
}

export interface ScanStats {
  files: number;
  blobs: number;
  bytes: number;
  binary: number;
  tooLarge: number;
  ignoredSkipped: number;
  unreadable: number;
  shortValues: number;
  values: number;
}

export interface ScanResult {
  hits: ValueHit[];
  patterns: PatternHitReport[];
  stats: ScanStats;
}

/** A path as shown: relative to cwd when inside it, `~/…` under HOME, else absolute. */
export function displayPath(p: string, cwd: string, home: string): string {
  const rel = path.relative(cwd, p);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel;
  const h = path.relative(home, p);
  if (home && h && !h.startsWith('..') && !path.isAbsolute(h)) return `~/${h}`;
  return p;
}

interface FileTask {
  path: string;
  where: { place: Place; file: string; absolute: string };
  /** Both passes; the key-format one runs before the values are known. */
  job: Promise<JobResult>;
}

/**
 * A scan in steps: the constructor checks the request and starts the workers; plan() lists what
 * to read, and the workers start reading it and looking for key formats at once (no vault values
 * needed, so it overlaps the unlock); finish(values) looks for the stored values.
 */
export class Scan {
  readonly #req: ScanRequest;
  readonly #pool: ScanPool;
  readonly #maxBytes: number;
  readonly #files: FileTask[] = [];
  readonly #stats: ScanStats = { files: 0, blobs: 0, bytes: 0, binary: 0, tooLarge: 0, ignoredSkipped: 0, unreadable: 0, shortValues: 0, values: 0 };
  readonly #repo: string | null;
  #planned: Promise<void> | null = null;
  #staged: { repo: string; list: { sha: string; path: string }[] } | null = null;
  #history: { repo: string; list: { sha: string; path: string }[] } | null = null;
  #closed = false;

  constructor(req: ScanRequest) {
    this.#req = req;
    this.#maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#repo = req.staged || req.gitHistory ? requireRepo(req.cwd) : null;
    this.#pool = new ScanPool({ threads: req.threads });
  }

  /**
   * Lists the files and blobs to read and hands the files to the workers, giving the event loop
   * turns (the unlock runs meanwhile). Runs once (finish() waits for it).
   */
  plan(): Promise<void> {
    this.#planned ??= this.#plan().catch(async (e: unknown) => {
      await this.abort();
      throw e;
    });
    this.#planned.catch(() => {}); // a failure surfaces where it is awaited (finish), not as an unhandled rejection meanwhile
    return this.#planned;
  }

  async #plan(): Promise<void> {
    const req = this.#req;
    const show = (p: string): string => displayPath(p, req.cwd, req.homeDir);
    const add = (p: string, place: Place, size?: number): void => {
      this.#stats.files++;
      this.#files.push({ path: p, where: { place, file: show(p), absolute: p }, job: this.#pool.scanFile(p, size) });
    };
    if (req.paths.length > 0) {
      const w = await walk(req.paths.map((p) => path.resolve(req.cwd, p)), { maxBytes: this.#maxBytes, includeIgnored: req.includeIgnored });
      this.#stats.tooLarge += w.tooLarge;
      this.#stats.ignoredSkipped += w.ignoredSkipped;
      this.#stats.unreadable += w.unreadable;
      for (const f of w.files) add(f.path, f.ignored ? 'ignored' : 'file', f.size);
    }
    if (req.home) for (const f of homeFiles(req.homeDir)) add(f, 'home');
    if (req.staged) {
      this.#staged = { repo: this.#repo!, list: stagedBlobList(this.#repo!) };
      this.#stats.blobs += this.#staged.list.length;
    }
    if (req.gitHistory) {
      const { blobs, tooLarge } = historyBlobList(this.#repo!, this.#maxBytes);
      this.#history = { repo: this.#repo!, list: blobs };
      this.#stats.blobs += blobs.length;
      this.#stats.tooLarge += tooLarge;
    }
  }

  /** Stops the workers without scanning for values (e.g. the unlock failed). */
  async abort(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  /** Looks for `values` (readAllValues: the live credentials' values). */
  async finish(values: ValueSource[]): Promise<ScanResult> {
    await this.plan();
    let needles: NeedleSet;
    try {
      needles = buildNeedles(values);
    } catch (e) {
      await this.abort();
      throw e;
    }
    return this.#match(needles);
  }

  async #match(needles: NeedleSet): Promise<ScanResult> {
    const stats = this.#stats;
    stats.shortValues = needles.skippedShort;
    stats.values = needles.values;
    const hits: ValueHit[] = [];
    const patterns: PatternHitReport[] = [];
    /** Each scanned text's results, reported once every job is done. */
    const found: { valueHits: BufferHit[]; keyHits: BufferPatternHit[]; where: FileTask['where'] & { commit?: string } }[] = [];
    const report = (valueHits: BufferHit[], keyHits: BufferPatternHit[], where: FileTask['where'] & { commit?: string }): void => {
      if (valueHits.length > 0 || keyHits.length > 0) found.push({ valueHits, keyHits, where });
    };
    const reportAll = (): void => {
      for (const { valueHits, keyHits, where } of found) {
        const seen = new Set<string>();
        for (const h of valueHits) {
          const owner = needles.owner(h.needle);
          const key = `${owner.credentialId}:${owner.valueVersion}:${owner.form}:${h.line}`;
          if (seen.has(key)) continue;
          seen.add(key);
          hits.push({ ...owner, ...where, line: h.line });
        }
        for (const p of unknownKeys(keyHits, valueHits)) patterns.push({ label: KEY_PATTERNS[p.pattern]!.label, ...where, line: p.line });
      }
    };
    const counted = (r: JobResult): r is Extract<JobResult, { ok: true }> => {
      if (!r.ok) {
        stats.unreadable++;
        return false;
      }
      stats.bytes += r.size;
      if (r.binary) stats.binary++;
      return !r.binary;
    };
    try {
      this.#pool.load(needles);
      const jobs: Promise<void>[] = this.#files.map(async (f) => {
        const r = await f.job;
        if (counted(r)) report(r.hits, r.patterns, f.where);
      });
      const blobs = async (src: { repo: string; list: { sha: string; path: string }[] }, place: Place): Promise<void> => {
        await readBlobs(src.repo, src.list, async (b) => {
          jobs.push(this.#pool.scanBytes(b.bytes).then((r) => {
            if (counted(r)) report(r.hits, r.patterns, { place, file: b.path, absolute: path.join(src.repo, b.path), ...(place === 'git' ? { commit: b.sha } : {}) });
          }));
          await this.#pool.drained(64); // keep memory bounded while the workers are behind
        });
      };
      if (this.#staged) await blobs(this.#staged, 'staged');
      if (this.#history) await blobs(this.#history, 'git');
      await Promise.all(jobs);
      reportAll();
      if (this.#history) resolveCommits(this.#req.cwd, hits, patterns);
    } finally {
      await this.abort();
      needles.bytes.fill(0);
    }
    const order = (a: { file: string; line: number }, b: { file: string; line: number }): number => a.file.localeCompare(b.file) || a.line - b.line;
    return { hits: hits.sort(order), patterns: patterns.sort(order), stats };
  }
}

/** Both steps at once (when the values are already at hand). */
export async function runScan(values: ValueSource[], req: ScanRequest): Promise<ScanResult> {
  return new Scan(req).finish(values);
}

function resolveCommits(cwd: string, hits: { place: Place; file: string; absolute: string; commit?: string }[], patterns: { place: Place; file: string; absolute: string; commit?: string }[]): void {
  const inHistory = [...hits, ...patterns].filter((h) => h.place === 'git' && h.commit);
  if (inHistory.length === 0) return;
  const repo = requireRepo(cwd);
  const first = firstCommits(repo, new Set(inHistory.map((h) => h.commit!)));
  for (const h of inHistory) {
    const found = first.get(h.commit!);
    if (found) {
      h.commit = found.commit;
      h.file = found.path;
      h.absolute = path.join(repo, found.path);
    } else delete h.commit; // only reachable through a merge's own tree: no single commit to name
  }
}
