// kill -9 during a bulk insert: the vault must open, verify clean and hold every committed change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, newVault, tempDir } from './helpers.ts';

const WRITER = fileURLToPath(new URL('./fixtures/bulk-writer.ts', import.meta.url));

/** Runs the writer until it has reported `after` commits (plus a random extra delay), then SIGKILLs it. */
function runAndKill(path: string, start: number, after: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', WRITER, path, PASSWORD, String(start)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: number[] = [];
    let buf = '';
    let stderr = '';
    let killing = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) committed.push(Number(l));
      if (!killing && committed.length >= after) {
        killing = true;
        // Kill at an arbitrary point inside the next transactions, not between them.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 15));
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited without being killed: ${stderr}`));
      else resolve(committed);
    });
  });
}

describe('crash safety', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('a writer killed with SIGKILL mid-insert leaves an openable vault with every committed credential intact', async () => {
    const { vault, path } = await newVault(t.dir);
    vault.add({ name: 'before' }, 'before-value', CLI);
    vault.close();
    const all: number[] = [];
    for (const [round, after] of [[0, 60], [10_000, 150], [20_000, 25]] as const) {
      const committed = await runAndKill(path, round, after);
      expect(committed.length).toBeGreaterThanOrEqual(after);
      all.push(...committed);

      const v = Vault.open(path);
      await v.unlock(PASSWORD, CLI);
      const report = v.verify();
      expect(report.failures).toEqual([]);
      expect(report.audit.problems).toEqual([]);
      const names = new Set(v.list().map((m) => m.name));
      for (const i of all) {
        expect(names.has(`bulk/${i}`)).toBe(true);
        const expected = i % 7 === 0 ? `rotated-${i}` : `value-${i}-${'x'.repeat(i % 200)}`;
        // The rotation of the last committed index may or may not have committed before the kill.
        const value = v.readValue(`bulk/${i}`, 'reveal', CLI);
        if (i === committed[committed.length - 1] && i % 7 === 0) expect([expected, `value-${i}-${'x'.repeat(i % 200)}`]).toContain(value);
        else expect(value).toBe(expected);
      }
      // At most the one transaction after the last reported commit can be there in addition.
      expect(names.size - 1 - all.length).toBeLessThanOrEqual(round === 0 ? 1 : 3);
      expect(v.readValue('before', 'get', CLI)).toBe('before-value');
      v.close();
    }
  });
});
