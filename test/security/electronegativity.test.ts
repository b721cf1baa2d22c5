// Doyensec's Electronegativity over electron/ and the renderer page, through its programmatic API and
// offline. Fails on any finding not accepted in electronegativity-justifications.json (and on stale
// or vague justifications), so a new insecure pattern stops the build until someone reviews it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Finding { id: string; file: string; line: number; severity: string; confidence: string; description: string }
interface Justification { id: string; file: string; line: string; why: string }

const justifications = (JSON.parse(readFileSync(path.join(import.meta.dirname, 'electronegativity-justifications.json'), 'utf8')) as { accepted: Justification[] }).accepted;
let report: { electronVersion: string; checks: { global: number; atomic: number }; errors: { file: string; message: string }[]; issues: Finding[] };

function sourceLine(finding: Finding): string {
  try {
    return readFileSync(path.join(ROOT, finding.file), 'utf8').split('\n')[finding.line - 1] ?? '';
  } catch {
    return '';
  }
}
const covers = (j: Justification, f: Finding): boolean => j.id === f.id && j.file === f.file && sourceLine(f).includes(j.line);

beforeAll(() => {
  const run = spawnSync(process.execPath, [path.join(import.meta.dirname, 'fixtures/run-electronegativity.mjs'), ROOT], { encoding: 'utf8', timeout: 180_000 });
  const marker = run.stdout.indexOf('@@REPORT@@');
  if (run.status !== 0 || marker < 0) throw new Error(`Electronegativity did not run (status ${run.status}):\n${run.stderr}`);
  report = JSON.parse(run.stdout.slice(marker + '@@REPORT@@'.length));
}, 180_000);

describe('Electronegativity', () => {
  it('ran its offline checks over every source file, knowing our Electron version', () => {
    expect(report.checks.atomic).toBeGreaterThanOrEqual(30);
    expect(report.checks.global).toBeGreaterThanOrEqual(4);
    expect(report.electronVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.errors.filter((e) => !/tolerable/i.test(e.message)), 'files it could not parse').toEqual([]);
  });

  it('has no finding without a written justification', () => {
    const unjustified = report.issues.filter((f) => !justifications.some((j) => covers(j, f)));
    expect(unjustified.map((f) => `${f.id} ${f.file}:${f.line} [${f.severity}] ${f.description} -> ${sourceLine(f).trim()}`)).toEqual([]);
  });

  it('has no stale or empty justification', () => {
    for (const j of justifications) {
      expect(j.why.length, `${j.id}: say why`).toBeGreaterThan(60);
      expect(report.issues.some((f) => covers(j, f)), `${j.id} ${j.file} no longer matches a finding: remove it`).toBe(true);
    }
  });
});
