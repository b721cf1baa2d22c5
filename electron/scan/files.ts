// Which files a scan of PATHs reads: every regular file below them except `.git` and
// `node_modules`, files over the size limit, and (unless asked) files git ignores. Symbolic links
// are not followed. Binary files are recognised when read (scan-buffer.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules']);
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface FileEntry {
  path: string;
  size: number;
  ignored: boolean;
}

export interface WalkResult {
  files: FileEntry[];
  tooLarge: number;
  ignoredSkipped: number;
  unreadable: number;
}

export function walk(roots: string[], opts: { maxBytes: number; includeIgnored: boolean }): WalkResult {
  const found: { path: string; size: number }[] = [];
  let tooLarge = 0;
  let unreadable = 0;
  const visit = (p: string, top: boolean): void => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      unreadable++;
      return;
    }
    if (st.isDirectory()) {
      if (!top && SKIPPED_DIRS.has(path.basename(p))) return;
      let names: string[];
      try {
        names = fs.readdirSync(p);
      } catch {
        unreadable++;
        return;
      }
      for (const name of names.sort()) visit(path.join(p, name), false);
    } else if (st.isFile()) {
      if (st.size > opts.maxBytes) tooLarge++;
      else found.push({ path: p, size: st.size });
    }
  };
  for (const r of roots) visit(path.resolve(r), true);
  const ignored = gitIgnored(found.map((f) => f.path));
  const files: FileEntry[] = [];
  let ignoredSkipped = 0;
  for (const f of found) {
    const isIgnored = ignored.has(f.path);
    if (isIgnored && !opts.includeIgnored) ignoredSkipped++;
    else files.push({ ...f, ignored: isIgnored });
  }
  return { files, tooLarge, ignoredSkipped, unreadable };
}

/** The top folder of the git work tree holding `dir`, or null (also when git is missing). */
export function gitTopLevel(dir: string): string | null {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Which of these files git ignores (untracked and matching .gitignore), per repository. */
function gitIgnored(files: string[]): Set<string> {
  const byRepo = new Map<string, string[]>();
  const topOf = new Map<string, string | null>();
  for (const f of files) {
    const dir = path.dirname(f);
    if (!topOf.has(dir)) topOf.set(dir, gitTopLevel(dir));
    const top = topOf.get(dir);
    if (top) byRepo.set(top, [...(byRepo.get(top) ?? []), f]);
  }
  const out = new Set<string>();
  for (const [top, list] of byRepo) {
    const r = spawnSync('git', ['-C', top, 'check-ignore', '--stdin', '-z'], { input: list.join('\0') + '\0', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0 && r.status !== 1) continue; // git could not tell: scan them as normal files
    for (const p of r.stdout.toString('utf8').split('\0')) if (p) out.add(path.resolve(top, p));
  }
  return out;
}
