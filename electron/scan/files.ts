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
  const ignored = new Set<string>();
  for (const r of roots) {
    const root = path.resolve(r);
    const start = found.length;
    visit(root, true);
    for (const p of gitIgnored(root, found.slice(start).map((f) => f.path))) ignored.add(p);
  }
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

/** Which of the files found under `root` git ignores (untracked and matching .gitignore). */
function gitIgnored(root: string, files: string[]): string[] {
  if (files.length === 0) return [];
  let dir = root;
  try {
    if (!fs.statSync(root).isDirectory()) dir = path.dirname(root);
  } catch {
    return [];
  }
  const top = gitTopLevel(dir);
  if (!top) return [];
  const r = spawnSync('git', ['-C', top, 'check-ignore', '--stdin', '-z'], { input: files.join('\0') + '\0', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) return []; // git could not tell: scan them as normal files
  return r.stdout.toString('utf8').split('\0').filter(Boolean).map((p) => path.resolve(top, p));
}
