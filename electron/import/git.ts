// What git knows about files: which are ignored, tracked, or were ever committed. Every call
// runs the real `git` on the user's repository, read-only; outside a repository all answers
// are "no".
import { spawnSync } from 'node:child_process';
import path from 'node:path';

function git(cwd: string, args: string[], input?: string): { ok: boolean; out: string } {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
  return { ok: r.status === 0, out: r.stdout ?? '' };
}

/** The work tree's top folder, or null when `dir` is not in a git repository (or git is missing). */
export function gitRoot(dir: string): string | null {
  const r = git(dir, ['rev-parse', '--show-toplevel']);
  return r.ok ? path.resolve(r.out.trim()) : null;
}

/** Which of these paths .gitignore (and the other exclude files) ignore. */
export function ignoredPaths(root: string, paths: string[]): Set<string> {
  if (paths.length === 0) return new Set();
  // Exit 1 means "none ignored": still a valid answer.
  const r = spawnSync('git', ['check-ignore', '--no-index', '--stdin', '-z'], { cwd: root, input: paths.join('\0') + '\0', encoding: 'utf8', timeout: 60_000 });
  return new Set((r.stdout ?? '').split('\0').filter(Boolean).map((p) => path.resolve(root, p)));
}

export function isTracked(root: string, file: string): boolean {
  return git(root, ['ls-files', '--error-unmatch', '--', file]).ok;
}

/** How many commits (on any branch) touched the file, 0 when none. */
export function commitsTouching(root: string, file: string): number {
  const r = git(root, ['log', '--all', '--format=%H', '--', path.relative(root, file)]);
  return r.ok ? r.out.split('\n').filter(Boolean).length : 0;
}
