// Which files a scan of PATHs reads: every regular file below them except `.git` and
// `node_modules`, files over the size limit, and (unless asked) files git ignores. Symbolic links
// are not followed. Binary files are recognised when read (scan-buffer.ts). The walk gives the
// event loop a turn now and then, so it runs while the vault is being unlocked instead of before.
import { spawn, spawnSync } from 'node:child_process';
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

/** Entries looked at between two turns of the event loop. */
const ENTRIES_PER_TURN = 100;

export async function walk(roots: string[], opts: { maxBytes: number; includeIgnored: boolean }): Promise<WalkResult> {
  const found: { path: string; size: number }[] = [];
  let tooLarge = 0;
  let unreadable = 0;
  let entries = 0;
  const visit = async (p: string, top: boolean): Promise<void> => {
    if (++entries % ENTRIES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
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
      for (const name of names.sort()) await visit(path.join(p, name), false);
    } else if (st.isFile()) {
      if (st.size > opts.maxBytes) tooLarge++;
      else found.push({ path: p, size: st.size });
    }
  };
  const ignored = new Set<string>();
  for (const r of roots) {
    const root = path.resolve(r);
    const start = found.length;
    await visit(root, true);
    for (const p of await gitIgnored(root, found.slice(start).map((f) => f.path))) ignored.add(p);
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
async function gitIgnored(root: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  let dir = root;
  try {
    if (!fs.statSync(root).isDirectory()) dir = path.dirname(root);
  } catch {
    return [];
  }
  const top = await run('git', ['-C', dir, 'rev-parse', '--show-toplevel']);
  if (!top || top.status !== 0) return [];
  const topDir = top.stdout.toString('utf8').trim();
  const r = await run('git', ['-C', topDir, 'check-ignore', '--stdin', '-z'], files.join('\0') + '\0');
  if (!r || (r.status !== 0 && r.status !== 1)) return []; // git could not tell: scan them as normal files
  return r.stdout.toString('utf8').split('\0').filter(Boolean).map((p) => path.resolve(topDir, p));
}

/** Runs a command without blocking this thread; null when it cannot start (git missing). */
function run(cmd: string, args: string[], input?: string): Promise<{ status: number | null; stdout: Buffer } | null> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.on('error', () => resolve(null));
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out) }));
    child.stdin.on('error', () => {}); // git may exit before reading everything (EPIPE): its status says what happened
    child.stdin.end(input ?? '');
  });
}
