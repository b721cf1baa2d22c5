// The local socket pairs `keyhold run` gives a child as stdout and stderr when it masks: a real
// child writes megabytes to one and a line to the other; each arrives whole and in order, the
// streams end when the child's ends close, and no socket file or folder is left behind.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutputSockets } from '../../electron/cli/run/output-sockets.ts';

let tmp: string;
let savedTmpdir: string | undefined;
beforeEach(() => {
  // A temp folder of this test's own, to see exactly what the sockets leave in it.
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-sockets-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('output sockets', () => {
  it('carry a child\'s stdout and stderr whole and in order, and end with the child', async () => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // Each chunk is copied and given back at once: its buffer is then read into again.
    let released = 0;
    const keep = (into: Buffer[]) => (c: Buffer, release: () => void) => {
      into.push(Buffer.from(c));
      release();
      released++;
    };
    const sockets = await openOutputSockets(keep(out), keep(err));
    // Set up and already cleaned: nothing listens any more.
    expect(fs.readdirSync(tmp)).toEqual([]);
    const script = 'for (let i = 0; i < 300; i++) process.stdout.write(String(i).padStart(9, "0") + "\\n".repeat(1) + "x".repeat(9990)); process.stderr.write("done\\n")';
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', sockets.childEnds[0], sockets.childEnds[1]] });
    child.once('spawn', () => sockets.releaseChildEnds());
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await sockets.ended;
    expect(code).toBe(0);
    const text = Buffer.concat(out).toString('latin1');
    expect(text.length).toBe(300 * 10_000);
    for (let i = 0; i < 300; i++) expect(text.slice(i * 10_000, i * 10_000 + 9)).toBe(String(i).padStart(9, '0'));
    expect(Buffer.concat(err).toString()).toBe('done\n');
    expect(released).toBe(out.length + err.length);
  }, 60_000);

  it('stop reading while every buffer is still held, and go on once one is given back', async () => {
    // A reader that holds every chunk (a consumer far behind): after a few buffers' worth the
    // stream pauses, so the child blocks instead of its output piling up; releasing resumes it.
    const held: (() => void)[] = [];
    let bytes = 0;
    const sockets = await openOutputSockets((c, release) => {
      bytes += c.length;
      held.push(release);
    }, (_c, release) => release());
    const child = spawn(process.execPath, ['-e', 'process.stdout.write(Buffer.alloc(64 * 1024 * 1024, 120))'], { stdio: ['ignore', sockets.childEnds[0], sockets.childEnds[1]] });
    child.once('spawn', () => sockets.releaseChildEnds());
    let exited = false;
    child.once('exit', () => (exited = true));
    // Wait until reading has stopped: the byte count no longer grows.
    let last = -1;
    for (let i = 0; i < 600 && bytes !== last; i++) {
      last = bytes;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(bytes).toBeLessThan(32 * 1024 * 1024);
    expect(exited).toBe(false);
    // Give everything back as it comes: the rest flows and the child finishes.
    const drain = setInterval(() => held.splice(0).forEach((r) => r()), 5);
    await sockets.ended;
    clearInterval(drain);
    held.splice(0).forEach((r) => r());
    expect(bytes).toBe(64 * 1024 * 1024);
  }, 120_000);

  it('close everything when the child never starts', async () => {
    const sockets = await openOutputSockets((_c, release) => release(), (_c, release) => release());
    sockets.destroy();
    await sockets.ended;
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(sockets.childEnds.every((s) => s.destroyed)).toBe(true);
  });
});
