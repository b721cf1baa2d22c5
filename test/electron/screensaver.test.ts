// Linux screen-lock detection: the gdbus line parser on real output samples, and the monitor driving
// a real child process (a stand-in gdbus script on PATH) or failing quietly without gdbus.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCREENSAVER_BUS_NAMES, gdbusMonitorArgs, parseActiveChanged } from '../../electron/main/screensaver-dbus.ts';
import { startScreenSaverMonitor } from '../../electron/main/screensaver-monitor.ts';

describe('gdbus monitor line parser', () => {
  it('reads ActiveChanged(true/false) of the freedesktop, GNOME, Cinnamon and MATE screen savers', () => {
    expect(parseActiveChanged('/org/freedesktop/ScreenSaver: org.freedesktop.ScreenSaver.ActiveChanged (true,)')).toBe(true);
    expect(parseActiveChanged('/ScreenSaver: org.freedesktop.ScreenSaver.ActiveChanged (false,)')).toBe(false);
    expect(parseActiveChanged('/org/gnome/ScreenSaver: org.gnome.ScreenSaver.ActiveChanged (true,)')).toBe(true);
    expect(parseActiveChanged('/org/cinnamon/ScreenSaver: org.cinnamon.ScreenSaver.ActiveChanged (true,)')).toBe(true);
    expect(parseActiveChanged('/org/mate/ScreenSaver: org.mate.ScreenSaver.ActiveChanged (true,)\r')).toBe(true);
  });

  it('ignores banners, other signals and look-alikes', () => {
    for (const line of [
      'Monitoring signals from all objects owned by org.gnome.ScreenSaver',
      'The name org.gnome.ScreenSaver is owned by :1.42',
      'The name org.freedesktop.ScreenSaver does not have an owner',
      "/org/freedesktop/DBus: org.freedesktop.DBus.NameOwnerChanged (':1.1', '', ':1.1')",
      '/org/gnome/ScreenSaver: org.gnome.ScreenSaver.WakeUpScreen ()',
      '/org/example: org.example.Player.ActiveChanged (true,)',
      "/x: org.freedesktop.ScreenSaver.ActiveChanged ('true',)",
      '',
    ]) expect(parseActiveChanged(line), line).toBeNull();
  });

  it('monitors each screen saver name on the session bus', () => {
    expect(SCREENSAVER_BUS_NAMES).toContain('org.freedesktop.ScreenSaver');
    expect(SCREENSAVER_BUS_NAMES).toContain('org.gnome.ScreenSaver');
    expect(gdbusMonitorArgs('org.gnome.ScreenSaver')).toEqual(['monitor', '--session', '--dest', 'org.gnome.ScreenSaver']);
  });
});

describe('screen saver monitor process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhold-gdbus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each activation printed by gdbus, and nothing for deactivation', async () => {
    const fake = path.join(dir, 'gdbus');
    // Prints what gdbus prints for the bus name it was given, then stays alive like the real monitor.
    writeFileSync(fake, [
      '#!/bin/sh',
      'echo "Monitoring signals from all objects owned by $4"',
      'echo "/org/x/ScreenSaver: $4.ActiveChanged (false,)"',
      'echo "/org/x/ScreenSaver: $4.ActiveChanged (true,)"',
      'exec sleep 30',
    ].join('\n'));
    chmodSync(fake, 0o755);
    const seen: string[] = [];
    let resolveTwo: () => void = () => {};
    const two = new Promise<void>((resolve) => { resolveTwo = resolve; });
    const stop = startScreenSaverMonitor({
      command: fake,
      busNames: ['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver'],
      onActivated: () => { seen.push('locked'); if (seen.length === 2) resolveTwo(); },
    });
    await two;
    stop();
    expect(seen).toEqual(['locked', 'locked']);
  });

  it('fails quietly, with one log line, when gdbus is not installed', async () => {
    const logs: string[] = [];
    let resolveLog: () => void = () => {};
    const logged = new Promise<void>((resolve) => { resolveLog = resolve; });
    const stop = startScreenSaverMonitor({
      env: { PATH: dir + '-missing' },
      command: 'gdbus-not-installed-here',
      onActivated: () => { throw new Error('no activation expected'); },
      log: (m) => { logs.push(m); resolveLog(); },
    });
    await logged;
    stop();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/unavailable/);
  });
});
