// Watches the Linux session bus for the screen saver turning on, by running one `gdbus monitor`
// per known screen saver name and parsing its output. Without gdbus (or a session bus) it stays
// silent: the idle timer and suspend lock still apply. No Electron import, so tests drive it in Node.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SCREENSAVER_BUS_NAMES, gdbusMonitorArgs, parseActiveChanged } from './screensaver-dbus.ts';

export interface ScreenSaverMonitorOptions {
  /** Called each time a screen saver reports ActiveChanged(true). */
  onActivated: () => void;
  /** The gdbus executable (default: `gdbus` from PATH). */
  command?: string;
  busNames?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** For a one-line note when monitoring is unavailable; never called with anything secret. */
  log?: (message: string) => void;
}

/** Starts monitoring; returns a function that stops every monitor process. */
export function startScreenSaverMonitor(opts: ScreenSaverMonitorOptions): () => void {
  const children: ChildProcess[] = [];
  let stopped = false;
  let noted = false;
  const note = (message: string): void => {
    if (!noted && !stopped) {
      noted = true;
      opts.log?.(message);
    }
  };

  for (const busName of opts.busNames ?? SCREENSAVER_BUS_NAMES) {
    let child: ChildProcess;
    try {
      child = spawn(opts.command ?? 'gdbus', gdbusMonitorArgs(busName), {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: opts.env ?? process.env,
      });
    } catch {
      note('Screen-lock detection on Linux is unavailable (gdbus could not be started).');
      break;
    }
    children.push(child);
    child.on('error', () => note('Screen-lock detection on Linux is unavailable (gdbus not found).'));
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!stopped && parseActiveChanged(line) === true) opts.onActivated();
      });
    }
  }

  return () => {
    stopped = true;
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  };
}
