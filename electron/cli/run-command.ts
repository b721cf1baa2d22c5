// Runs KEYHOLD_PASSWORD_COMMAND in a shell with a time limit. stdin and stderr stay with the user
// so the command can ask (pass, op, secret-tool ...); stdout is collected as bytes the caller
// zeroes. On timeout the whole tree is killed: a shell's children would otherwise live on, keep
// the terminal's stderr open and make whoever waits for Keyhold wait for them too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface CommandResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  timedOut: boolean;
  tooMuchOutput: boolean;
  error?: NodeJS.ErrnoException;
}

/** Process ids of every descendant of `pid` (Linux /proc; elsewhere none, and only the shell is killed). */
function descendants(pid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const e of entries) {
    try {
      // Field 4 of /proc/PID/stat is the parent pid; the name in field 2 may hold spaces, so parse after ')'.
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(e)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const todo = [pid];
  while (todo.length > 0) {
    for (const c of children.get(todo.pop()!) ?? []) {
      out.push(c);
      todo.push(c);
    }
  }
  return out;
}

export function runShellCommand(command: string, timeoutMs: number, maxBytes: number): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['inherit', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let tooMuchOutput = false;
    let settled = false;
    const finish = (r: Omit<CommandResult, 'stdout' | 'timedOut' | 'tooMuchOutput'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stdout = Buffer.concat(chunks);
      for (const c of chunks) c.fill(0);
      resolve({ ...r, stdout, timedOut, tooMuchOutput });
    };
    const killTree = () => {
      if (child.pid === undefined) return;
      for (const pid of descendants(child.pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > maxBytes) {
        tooMuchOutput = true;
        d.fill(0);
        killTree();
        return;
      }
      chunks.push(d);
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish({ status: null, signal: null, error }));
    child.on('close', (status, signal) => finish({ status, signal }));
  });
}
