// Linux screen-lock detection without a native module: Electron's 'lock-screen' event only fires on
// macOS and Windows, so main runs `gdbus monitor` on the session bus and reads its text output. This
// module only parses those lines (pure, unit-tested on samples); screensaver-monitor.ts spawns gdbus.

/** Bus names whose ActiveChanged(bool) signal means "the screen saver / lock screen went on or off". */
export const SCREENSAVER_BUS_NAMES = [
  'org.freedesktop.ScreenSaver', // KDE Plasma, Xfce (xfce4-screensaver), LXQt...
  'org.gnome.ScreenSaver', // GNOME Shell
  'org.cinnamon.ScreenSaver',
  'org.mate.ScreenSaver',
] as const;

/** The argv of the monitor process for one bus name. */
export function gdbusMonitorArgs(busName: string): string[] {
  return ['monitor', '--session', '--dest', busName];
}

// A signal line looks like:
//   /org/freedesktop/ScreenSaver: org.freedesktop.ScreenSaver.ActiveChanged (true,)
//   /org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (false,)
const ACTIVE_CHANGED = /^\s*\/[\w/]*:\s+([\w.]+)\.ActiveChanged\s+\((true|false),?\)\s*$/;

/**
 * The screen saver state an output line of `gdbus monitor` announces: true = activated (screen
 * locked or blanked), false = deactivated, null = any other line (banners, other signals, noise).
 */
export function parseActiveChanged(line: string): boolean | null {
  const match = ACTIVE_CHANGED.exec(line);
  if (!match) return null;
  const iface = match[1] ?? '';
  if (!iface.endsWith('.ScreenSaver')) return null;
  return match[2] === 'true';
}
