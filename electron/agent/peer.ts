// Who is asking. Node cannot read SO_PEERCRED, so the agent combines three things:
//  1. the kernel: the socket's folder is 0700 and the socket 0600, so connect() fails for others;
//  2. the token: only this user (and root) can read the token file beside the socket;
//  3. /proc on Linux: the client names its pid and the inode of its end of the connection; the
//     agent requires that /proc/PID belongs to the same real uid and that PID holds that socket
//     (a link `socket:[INODE]` in /proc/PID/fd), then reads exe, cmdline, cwd and the parent.
// Checked: same user (1, 2, and the uid of /proc/PID). Self-reported but verified against /proc:
// the pid and socket. A process of the same user can still pose as another of its processes
// (it could ptrace them anyway): the record is "as the OS reports it", not an authentication.
// Elsewhere (macOS, Windows) the pid is recorded as reported, with no details.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';
import type { ProcessInfo, ProcessSummary } from '../../shared/model.ts';

const MAX_TEXT = 1000;

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function readLink(file: string): string {
  try {
    return fs.readlinkSync(file).slice(0, MAX_TEXT);
  } catch {
    return '';
  }
}

/** Real uid from /proc/PID/status, or null when the process is gone or unreadable. */
function realUid(pid: number): number | null {
  const status = readText(`/proc/${pid}/status`);
  const m = status ? /^Uid:\s+(\d+)/m.exec(status) : null;
  return m ? Number(m[1]) : null;
}

/** Parent pid from /proc/PID/stat (the command name in parentheses may contain anything). */
function parentPid(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
}

/**
 * Which terminal session a process belongs to, from the text of /proc/PID/stat: what approvals
 * "for this terminal session" are keyed on. The session id (setsid) when the kernel shows one; in a
 * container whose session began outside its pid namespace the kernel shows 0, so then the
 * controlling terminal, and without one the parent process (the shell that ran the command).
 */
export function terminalSessionOf(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [ppid, sid, tty] = [Number(fields[1]), Number(fields[3]), Number(fields[4])];
  if (Number.isInteger(sid) && sid > 0) return `sid:${sid}`;
  if (Number.isInteger(tty) && tty > 0) return `tty:${tty}`;
  if (Number.isInteger(ppid) && ppid > 0) return `parent:${ppid}`;
  return null;
}

/** The terminal session of a running process (see terminalSessionOf), or null off Linux. */
export function terminalSession(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  return stat ? terminalSessionOf(stat) : null;
}

function summary(pid: number): ProcessSummary {
  const raw = readText(`/proc/${pid}/cmdline`) ?? '';
  const command = raw.split('\0').filter((a) => a !== '').join(' ').slice(0, MAX_TEXT);
  return { pid, exe: readLink(`/proc/${pid}/exe`), command };
}

function holdsSocket(pid: number, inode: number): boolean {
  const wanted = `socket:[${inode}]`;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => readLink(path.join(`/proc/${pid}/fd`, fd)) === wanted);
}

export const procAvailable = (): boolean => process.platform === 'linux' && fs.existsSync('/proc/self/status');

/**
 * The asking process, after checking that it runs as this user and holds the connection.
 * Throws LOCKED (refused) when the checks fail.
 */
export function identifyPeer(claim: { pid: number; socketInode?: number | undefined }): ProcessInfo {
  if (!procAvailable()) return { pid: claim.pid, exe: '', command: '', cwd: '', parent: null };
  const uid = realUid(claim.pid);
  const ours = process.getuid!();
  if (uid === null) throw refused('the asking process is not visible in /proc');
  if (uid !== ours) throw refused(`the asking process runs as another user (uid ${uid})`);
  if (claim.socketInode === undefined || !holdsSocket(claim.pid, claim.socketInode)) {
    throw refused('the asking process does not hold this connection');
  }
  const ppid = parentPid(claim.pid);
  return {
    ...summary(claim.pid),
    cwd: readLink(`/proc/${claim.pid}/cwd`),
    parent: ppid === null ? null : summary(ppid),
  };
}

export function refused(why: string): KeyholdError {
  return new KeyholdError('LOCKED', `Refused: ${why}. The agent serves only its own user.`);
}
