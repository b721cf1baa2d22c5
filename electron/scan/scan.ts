// The leak scan: where do the vault's own values (and their base64 and percent-encoded forms)
// appear? Sources: files under PATHs, git history, staged changes, and the usual plaintext
// places in HOME. Values stay in memory: the needles go to the workers through workerData.
import path from 'node:path';
import { KEY_PATTERNS } from './patterns.ts';
import type { LeakLocation } from '../../shared/health.ts';
import { buildNeedles, type NeedleOwner, type ValueSource } from './needles.ts';
import { ScanPool, type JobResult } from './pool.ts';
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

/**
 * Scans with `pool` when given (started early, e.g. before the unlock, so the workers load while
 * Argon2 runs); the pool is closed at the end either way.
 */
export async function runScan(values: ValueSource[], req: ScanRequest, started?: ScanPool): Promise<ScanResult> {
  const needles = buildNeedles(values);
  const maxBytes = req.maxBytes ?? DEFAULT_MAX_BYTES;
  const stats: ScanStats = { files: 0, blobs: 0, bytes: 0, binary: 0, tooLarge: 0, ignoredSkipped: 0, unreadable: 0, shortValues: needles.skippedShort, values: values.reduce((n, v) => n + v.versions.length, 0) };
  const hits: ValueHit[] = [];
  const patterns: PatternHitReport[] = [];
  const pool = started ?? new ScanPool({ threads: req.threads, patterns: true });
  pool.load(needles);
  const collect = (r: JobResult, where: { place: Place; file: string; absolute: string; commit?: string }): void => {
    if (!r.ok) {
      stats.unreadable++;
      return;
    }
    stats.bytes += r.size;
    if (r.binary) stats.binary++;
    const seen = new Set<string>();
    for (const h of r.hits) {
      const owner = needles.owners[h.needle]!;
      const key = `${owner.credentialId}:${owner.valueVersion}:${owner.form}:${h.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({ ...owner, ...where, line: h.line });
    }
    for (const p of r.patterns) patterns.push({ label: KEY_PATTERNS[p.pattern]!.label, ...where, line: p.line });
  };
  const show = (p: string): string => displayPath(p, req.cwd, req.homeDir);
  try {
    const jobs: Promise<void>[] = [];
    const roots = req.paths.length > 0 ? req.paths.map((p) => path.resolve(req.cwd, p)) : [];
    if (roots.length > 0) {
      const w = walk(roots, { maxBytes, includeIgnored: req.includeIgnored });
      stats.tooLarge += w.tooLarge;
      stats.ignoredSkipped += w.ignoredSkipped;
      stats.unreadable += w.unreadable;
      stats.files += w.files.length;
      for (const f of w.files) jobs.push(pool.scanFile(f.path).then((r) => collect(r, { place: f.ignored ? 'ignored' : 'file', file: show(f.path), absolute: f.path })));
    }
    if (req.home) {
      for (const f of homeFiles(req.homeDir)) {
        stats.files++;
        jobs.push(pool.scanFile(f).then((r) => collect(r, { place: 'home', file: show(f), absolute: f })));
      }
    }
    if (req.staged) {
      const repo = requireRepo(req.cwd);
      const list = stagedBlobList(repo);
      stats.blobs += list.length;
      await readBlobs(repo, list, (b) => void jobs.push(pool.scanBytes(b.bytes).then((r) => collect(r, { place: 'staged', file: b.path, absolute: path.join(repo, b.path) }))));
    }
    if (req.gitHistory) {
      const repo = requireRepo(req.cwd);
      await scanHistory(repo, maxBytes, pool, stats, jobs, (r, sha, file) => collect(r, { place: 'git', file, absolute: path.join(repo, file), commit: sha }));
    }
    await Promise.all(jobs);
    if (req.gitHistory) resolveCommits(req.cwd, hits, patterns);
  } finally {
    await pool.close();
    needles.bytes.fill(0);
  }
  const order = (a: { file: string; line: number }, b: { file: string; line: number }): number => a.file.localeCompare(b.file) || a.line - b.line;
  return { hits: hits.sort(order), patterns: patterns.sort(order), stats };
}

/** Reads every reachable blob once; a blob's hits carry its sha until resolveCommits names the commit. */
async function scanHistory(repo: string, maxBytes: number, pool: ScanPool, stats: ScanStats, jobs: Promise<void>[], collect: (r: JobResult, sha: string, file: string) => void): Promise<void> {
  const { blobs, tooLarge } = historyBlobList(repo, maxBytes);
  stats.blobs += blobs.length;
  stats.tooLarge += tooLarge;
  await readBlobs(repo, blobs, async (b) => {
    jobs.push(pool.scanBytes(b.bytes).then((r) => collect(r, b.sha, b.path)));
    // Keep memory bounded: wait while the workers are behind.
    await pool.drained(64);
  });
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
