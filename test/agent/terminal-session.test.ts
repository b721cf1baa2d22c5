// "Allow for this terminal session" must group the commands of one shell, also inside containers,
// where the kernel reports session 0 for sessions begun outside the pid namespace (CI runners).
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { terminalSession, terminalSessionOf } from '../../electron/agent/peer.ts';

const linux = process.platform === 'linux';

describe('terminal session of an asking process', () => {
  it('is the session id when the kernel shows one', () => {
    // pid (comm) state ppid pgrp session tty_nr ...; the command name may hold spaces and parentheses.
    expect(terminalSessionOf('4242 (node (x) y) S 4100 4242 4000 34816 -1 4194560')).toBe('sid:4000');
  });

  it('falls back to the controlling terminal, then the parent, when the session shows as 0', () => {
    expect(terminalSessionOf('4242 (keyhold) S 4100 4242 0 34816 -1 4194560')).toBe('tty:34816');
    expect(terminalSessionOf('4242 (keyhold) S 4100 4242 0 0 -1 4194560')).toBe('parent:4100');
    expect(terminalSessionOf('garbage')).toBeNull();
  });

  it.skipIf(!linux)('is the same for two commands of one shell and differs for a detached process', async () => {
    const children = [spawnSleeper(false), spawnSleeper(false), spawnSleeper(true)];
    try {
      const [a, b, detached] = children.map((c) => terminalSession(c.pid!));
      expect(a).toMatch(/^(sid|tty|parent):\d+$/);
      expect(b).toBe(a);
      expect(detached).toBe(`sid:${children[2]!.pid}`);
    } finally {
      for (const c of children) c.kill('SIGKILL');
    }
  });
});

function spawnSleeper(detached: boolean): ChildProcess {
  return spawn('sleep', ['30'], { detached, stdio: 'ignore' });
}
