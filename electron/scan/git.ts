// Git sources for the scan: every blob reachable from any ref (each read once, however many
// commits share it), and the blobs of the staged changes. Blobs are streamed from one
// `git cat-file --batch` process.
import { spawn, spawnSync } from 'node:child_process';
import { KeyholdError } from '../../shared/errors.ts';

export interface Blob {
  sha: string;
  /** A path the blob has in some tree (the first seen). */
  path: string;
  bytes: Uint8Array;
}

function git(repo: string, args: string[], input?: string): string {
  const r = spawnSync('git', ['-C', repo, '-c', 'core.quotePath=false', ...args], { input, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' });
  if (r.error) throw new KeyholdError('IO', `Could not run git: ${r.error.message}`);
  if (r.status !== 0) throw new KeyholdError('IO', `git ${args[0]} failed in ${repo}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return r.stdout;
}

export function requireRepo(dir: string): string {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' });
  if (r.error) throw new KeyholdError('IO', 'git is not installed (needed for --git-history and --staged)');
  if (r.status !== 0) throw new KeyholdError('NOT_FOUND', `${dir} is not inside a git repository`);
  return r.stdout.trim();
}

/** Every blob reachable from any ref, with a path and size, without the ones over maxBytes. */
export function historyBlobList(repo: string, maxBytes: number): { blobs: { sha: string; path: string }[]; tooLarge: number } {
  const paths = new Map<string, string>();
  for (const line of git(repo, ['rev-list', '--all', '--objects']).split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue; // commits have no path
    const sha = line.slice(0, space);
    if (!paths.has(sha)) paths.set(sha, line.slice(space + 1));
  }
  const checks = git(repo, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], [...paths.keys()].join('\n') + '\n');
  const blobs: { sha: string; path: string }[] = [];
  let tooLarge = 0;
  for (const line of checks.split('\n')) {
    const [sha, type, size] = line.split(' ');
    if (type !== 'blob' || !sha) continue;
    if (Number(size) > maxBytes) tooLarge++;
    else blobs.push({ sha, path: paths.get(sha) ?? '' });
  }
  return { blobs, tooLarge };
}

/** The index's blobs for the changes staged for the next commit (added, copied, modified, renamed). */
export function stagedBlobList(repo: string): { sha: string; path: string }[] {
  const changed = new Set(git(repo, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames']).split('\0').filter(Boolean));
  const out: { sha: string; path: string }[] = [];
  for (const entry of git(repo, ['ls-files', '--stage', '-z']).split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, sha] = entry.slice(0, tab).split(' ');
    const file = entry.slice(tab + 1);
    if (changed.has(file) && sha && mode !== '160000') out.push({ sha, path: file });
  }
  return out;
}

/** Streams the blobs' contents from `git cat-file --batch`, in order, to `onBlob` (awaited: back-pressure). */
export async function readBlobs(repo: string, list: { sha: string; path: string }[], onBlob: (blob: Blob) => Promise<void> | void): Promise<void> {
  if (list.length === 0) return;
  const child = spawn('git', ['-C', repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => {});
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (e) => reject(new KeyholdError('IO', `Could not run git: ${e.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
  // Feed the names while reading, so neither side's pipe fills up.
  void (async () => {
    for (const b of list) if (!child.stdin.write(b.sha + '\n')) await new Promise((r) => child.stdin.once('drain', r));
    child.stdin.end();
  })();
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  let current: { size: number; body: Uint8Array; filled: number } | null = null;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let pos = 0;
    for (;;) {
      if (current === null) {
        const nl = pending.indexOf(10, pos);
        if (nl < 0) break;
        const header = pending.toString('latin1', pos, nl).split(' ');
        pos = nl + 1;
        if (header[1] === 'missing') {
          index++;
          continue;
        }
        const size = Number(header[2]);
        current = { size, body: new Uint8Array(size), filled: 0 };
      }
      const take = Math.min(current.size - current.filled, pending.length - pos);
      current.body.set(pending.subarray(pos, pos + take), current.filled);
      current.filled += take;
      pos += take;
      if (current.filled < current.size || pos >= pending.length) break; // wait for the body, then the newline after it
      pos++; // the newline after the body
      const entry = list[index++]!;
      const body = current.body;
      current = null;
      await onBlob({ sha: entry.sha, path: entry.path, bytes: body });
    }
    pending = pending.subarray(pos);
  }
  const code = await exited;
  if (code !== 0) throw new KeyholdError('IO', `git cat-file failed: ${stderr.trim().split('\n')[0] ?? ''}`);
}

/** For each blob, the oldest commit (from any ref) that adds or changes a file to it, and that file's path. */
export function firstCommits(repo: string, shas: Set<string>): Map<string, { commit: string; path: string }> {
  const out = new Map<string, { commit: string; path: string }>();
  if (shas.size === 0) return out;
  const log = git(repo, ['log', '--all', '--reverse', '--no-renames', '--raw', '--no-abbrev', '--format=commit %H']);
  let commit = '';
  for (const line of log.split('\n')) {
    if (line.startsWith('commit ')) commit = line.slice(7);
    else if (line.startsWith(':')) {
      const tab = line.indexOf('\t');
      const sha = line.slice(0, tab).split(' ')[3] ?? '';
      if (shas.has(sha) && !out.has(sha)) out.set(sha, { commit, path: line.slice(tab + 1) });
    }
  }
  return out;
}
