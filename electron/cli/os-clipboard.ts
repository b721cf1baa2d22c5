// `keyhold get --copy` without the desktop app: the system's clipboard tool. Wayland: wl-copy /
// wl-paste; X11: xclip or xsel; macOS: pbcopy / pbpaste; Windows: clip / PowerShell. The value
// goes to the tool on stdin (never in argv). Clearing happens only if the clipboard still holds
// the value, so whatever the user copied meanwhile is left alone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';

export interface ClipboardTool {
  name: string;
  copy: string[];
  paste: string[];
  clear: string[];
}

const TOOLS: Record<string, ClipboardTool> = {
  'wl-copy': { name: 'wl-copy', copy: ['wl-copy'], paste: ['wl-paste', '--no-newline'], clear: ['wl-copy', '--clear'] },
  xclip: { name: 'xclip', copy: ['xclip', '-selection', 'clipboard', '-in'], paste: ['xclip', '-selection', 'clipboard', '-out'], clear: ['xclip', '-selection', 'clipboard', '-in', '/dev/null'] },
  xsel: { name: 'xsel', copy: ['xsel', '--clipboard', '--input'], paste: ['xsel', '--clipboard', '--output'], clear: ['xsel', '--clipboard', '--delete'] },
  pbcopy: { name: 'pbcopy', copy: ['pbcopy'], paste: ['pbpaste'], clear: ['pbcopy'] },
  clip: { name: 'clip', copy: ['clip'], paste: ['powershell', '-NoProfile', '-Command', 'Get-Clipboard -Raw'], clear: ['clip'] },
};

/** Whether `command` is an executable on PATH. */
export function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      try {
        fs.accessSync(path.join(dir, command + ext), fs.constants.X_OK);
        return true;
      } catch {
        // not here
      }
    }
  }
  return false;
}

/** The tool for this desktop session; IO with what to install when there is none. */
export function chooseClipboardTool(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, has = (c: string) => onPath(c, env)): ClipboardTool {
  if (platform === 'darwin') return TOOLS.pbcopy!;
  if (platform === 'win32') return TOOLS.clip!;
  const wayland = Boolean(env.WAYLAND_DISPLAY);
  const x11 = Boolean(env.DISPLAY);
  if (wayland && has('wl-copy') && has('wl-paste')) return TOOLS['wl-copy']!;
  if (x11 && has('xclip')) return TOOLS.xclip!;
  if (x11 && has('xsel')) return TOOLS.xsel!;
  if (!wayland && !x11) {
    throw new KeyholdError('IO', 'No clipboard here: neither WAYLAND_DISPLAY nor DISPLAY is set (is this an SSH session?). Use keyhold get without --copy.');
  }
  const install = wayland ? 'wl-clipboard (wl-copy)' : 'xclip or xsel';
  throw new KeyholdError('IO', `No clipboard tool found: install ${install}, or run the Keyhold app (get --copy then uses it).`);
}

function runTool(argv: string[], input: string | undefined, env: NodeJS.ProcessEnv): { ok: boolean; stdout: string } {
  const [cmd, ...args] = argv;
  // xclip and wl-copy stay in the background to serve the selection: do not wait on their stdout.
  const r = spawnSync(cmd!, args, { env, input: input ?? '', encoding: 'utf8', stdio: ['pipe', input === undefined ? 'pipe' : 'ignore', 'ignore'], timeout: 10_000, maxBuffer: 1024 * 1024 });
  return { ok: !r.error && r.status === 0, stdout: typeof r.stdout === 'string' ? r.stdout : '' };
}

export function copyWith(tool: ClipboardTool, value: string, env: NodeJS.ProcessEnv): void {
  if (!runTool(tool.copy, value, env).ok) throw new KeyholdError('IO', `${tool.name} could not set the clipboard.`);
}

/** Clears the clipboard if it still holds `value`; true when it did. */
export function clearIfStill(tool: ClipboardTool, value: string, env: NodeJS.ProcessEnv): boolean {
  const held = runTool(tool.paste, undefined, env);
  // PowerShell's Get-Clipboard adds a line end.
  if (!held.ok || (held.stdout !== value && held.stdout.replace(/\r?\n$/, '') !== value)) return false;
  return runTool(tool.clear, '', env).ok;
}
