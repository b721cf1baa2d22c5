// How a process recorded by the agent reads for people: the command (`keyhold get stripe/prod`
// rather than the full path of node and the script), what started it, and the folder with `~`.
import type { ProcessInfo } from './model.ts';
import { terminalSafe } from './text.ts';

const MAX = 80;

function clip(text: string): string {
  const safe = terminalSafe(text);
  return safe.length > MAX ? safe.slice(0, MAX - 1) + '…' : safe;
}

function base(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** `node /usr/lib/keyhold/bin/keyhold.js get x` → `keyhold get x`; anything else as it is. */
export function commandText(command: string): string {
  const m = /(?:^|[\s/])keyhold(?:\.js)?(?=\s|$)(.*)$/.exec(command);
  return clip(m ? `keyhold${m[1]}` : command);
}

/** `/home/ana/code/shop` → `~/code/shop` (also /Users/NAME and /root). */
export function folderText(cwd: string): string {
  return clip(cwd.replace(/^\/(?:home|Users)\/[^/]+(?=\/|$)/, '~').replace(/^\/root(?=\/|$)/, '~'));
}

export interface ProcessText {
  command: string;
  /** What started it (the parent's executable name), or null when unknown. */
  from: string | null;
  folder: string;
}

export function processText(p: ProcessInfo): ProcessText {
  const parent = p.parent ? base(p.parent.exe || p.parent.command.split(' ')[0] || '') : '';
  return { command: commandText(p.command || `pid ${p.pid}`), from: parent ? clip(parent) : null, folder: p.cwd ? folderText(p.cwd) : '' };
}
