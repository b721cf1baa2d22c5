// The health report over real vaults: one vault per finding category, and a healthy vault with
// none. Values never appear in a report.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHealthReport } from '../../electron/health/report.ts';
import { tickStep } from '../../electron/health/checklist.ts';
import { saveScanRecord } from '../../electron/health/scan-record.ts';
import { estimateBits, weakness } from '../../electron/health/strength.ts';
import { tripsFailOn, type FindingKind, type HealthReport } from '../../shared/health.ts';
import { DAY } from '../../shared/time.ts';
import { Vault } from '../../electron/vault/index.ts';
import { CLI, PASSWORD, newVault, tempDir, type TestClock } from '../vault/helpers.ts';

const STRONG = () => `sk_test_${Math.random().toString(36).slice(2)}Zq8${Math.random().toString(36).slice(2)}X${Math.random().toString(36).slice(2)}`;
let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

async function vaultWith(setup: (v: Vault, clock: TestClock) => void | Promise<void>): Promise<{ vault: Vault; clock: TestClock; report: () => HealthReport; values: string[] }> {
  const t = tempDir();
  const { vault, clock } = await newVault(t.dir);
  cleanups.push(() => {
    vault.close();
    t.cleanup();
  });
  const values: string[] = [];
  const orig = vault.add.bind(vault);
  vault.add = (input, value, origin) => {
    values.push(value);
    return orig(input, value, origin);
  };
  await setup(vault, clock);
  return { vault, clock, values, report: () => buildHealthReport(vault, { now: clock.now(), origin: CLI }) };
}

const kinds = (r: HealthReport): FindingKind[] => r.findings.map((f) => f.kind);

function expectNoValues(r: HealthReport, values: string[]): void {
  const text = JSON.stringify(r);
  for (const v of values) expect(text).not.toContain(v);
}

describe('health report', () => {
  it('finds nothing in a healthy vault', async () => {
    const { report, vault, clock } = await vaultWith((v, clock) => {
      v.add({ name: 'stripe/prod', rotationIntervalDays: 90, expiresAt: new Date(clock.now() + 200 * DAY).toISOString() }, STRONG(), CLI);
      v.add({ name: 'github/ci' }, STRONG(), CLI);
      v.readValue('stripe/prod', 'get', CLI);
    });
    clock.advance(10 * DAY);
    vault.readValue('github/ci', 'get', CLI);
    const r = report();
    expect(r.findings).toEqual([]);
    expect(r.credentialsChecked).toBe(2);
    // The report's own read of the values is audited once, as health.check.
    expect(vault.audit({ action: 'health.check' })).toHaveLength(1);
  });

  it('compromised: the incident checklist, ticked per credential and kept', async () => {
    const { report, vault, values, clock } = await vaultWith((v) => {
      v.add({ name: 'leaked' }, STRONG(), CLI);
      v.setStatus('leaked', 'compromised', CLI);
    });
    let f = report().findings.find((x) => x.kind === 'compromised');
    expect(f?.severity).toBe('critical');
    expect(f?.checklist?.map((c) => c.doneAt)).toEqual([null, null, null, null]);
    tickStep(vault, 'leaked', 'revoke', true, new Date().toISOString(), CLI);
    clock.advance(1000);
    vault.rotate('leaked', STRONG(), 'compromised', CLI);
    f = report().findings.find((x) => x.kind === 'compromised');
    expect(f?.checklist?.filter((c) => c.doneAt).map((c) => c.step)).toEqual(['revoke', 'rotate']);
    expect(f?.command).toBe('keyhold health --done leaked=audit');
    // Kept: a new session over the same file sees the ticks.
    vault.lock();
    await vault.unlock(PASSWORD, CLI);
    tickStep(vault, 'leaked', 'audit', true, new Date().toISOString(), CLI);
    tickStep(vault, 'leaked', 'notify', true, new Date().toISOString(), CLI);
    expect(kinds(report())).toEqual(['checklist-done']);
    expect(vault.audit({ action: 'checklist.tick' })).toHaveLength(3);
    expectNoValues(report(), values);
    expect(() => tickStep(vault, vault.add({ name: 'fine' }, STRONG(), CLI).id, 'revoke', true, '2025-01-01T00:00:00Z', CLI)).toThrow(/not marked compromised/);
  });

  it('exposed by the last scan: current value critical, an old value medium', async () => {
    const { report, vault } = await vaultWith((v) => {
      v.add({ name: 'aws' }, STRONG(), CLI);
    });
    const id = vault.get('aws').id;
    saveScanRecord(vault, { at: new Date().toISOString(), scope: 'test', truncated: 0, hits: [
      { credentialId: id, valueVersion: 1, place: 'file', file: '/src/.env', line: 3, form: 'raw' },
    ] });
    expect(report().findings.map((f) => [f.kind, f.severity, f.locations?.[0]?.file])).toEqual([['exposed', 'critical', '/src/.env']]);
    vault.rotate('aws', STRONG(), 'leaked', CLI);
    expect(report().findings.map((f) => [f.kind, f.severity])).toEqual([['exposed-old-value', 'medium']]);
  });

  it('expired and rotation overdue (high); expiring and due within the lead time (medium)', async () => {
    const { report, clock, vault } = await vaultWith((v, clock) => {
      v.add({ name: 'old', expiresAt: new Date(clock.now() + 1 * DAY).toISOString(), rotationIntervalDays: 1 }, STRONG(), CLI);
      v.add({ name: 'soon', expiresAt: new Date(clock.now() + 20 * DAY).toISOString(), rotationIntervalDays: 25 }, STRONG(), CLI);
      v.readValue('old', 'get', CLI);
      v.readValue('soon', 'get', CLI);
    });
    clock.advance(2 * DAY);
    expect(report().findings.map((f) => [f.credentialName, f.kind, f.severity])).toEqual([
      ['old', 'expired', 'high'], ['old', 'rotation-overdue', 'high'],
    ]);
    // A longer lead time reaches further ahead.
    expect(buildHealthReport(vault, { now: clock.now(), leadDays: 30, origin: CLI }).findings.filter((f) => f.credentialName === 'soon')).toHaveLength(2);
    clock.advance(10 * DAY);
    expect(report().findings.filter((f) => f.credentialName === 'soon').map((f) => [f.kind, f.severity])).toEqual([['expiring-soon', 'medium'], ['rotation-due-soon', 'medium']]);
    expect(tripsFailOn(report().findings[0]!, 'overdue')).toBe(true);
  });

  it('the same value in two credentials, compared without showing it', async () => {
    const shared = STRONG();
    const { report, values } = await vaultWith((v) => {
      v.add({ name: 'a' }, shared, CLI);
      v.add({ name: 'b' }, shared, CLI);
      v.add({ name: 'c' }, STRONG(), CLI);
    });
    const r = report();
    expect(r.findings.map((f) => [f.kind, f.credentialName, f.others])).toEqual([
      ['duplicate-value', 'a', ['b']], ['duplicate-value', 'b', ['a']],
    ]);
    expectNoValues(r, values);
  });

  it('weak values: low entropy or an obvious pattern', async () => {
    const { report, values } = await vaultWith((v) => {
      v.add({ name: 'word' }, 'changeme', CLI);
      v.add({ name: 'run' }, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', CLI);
      v.add({ name: 'steps' }, 'abcdefghijklmnopqrstuvwxyz0123456789', CLI);
      v.add({ name: 'short' }, 'x7Rq2', CLI);
      v.add({ name: 'strong' }, STRONG(), CLI);
    });
    const r = report();
    expect(r.findings.filter((f) => f.kind === 'weak-value').map((f) => f.credentialName).sort()).toEqual(['run', 'short', 'steps', 'word']);
    expectNoValues(r, values);
    expect(weakness('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBeNull();
    expect(estimateBits('aaaaaaaa')).toBeLessThan(10);
  });

  it('shared in a bundle that expired, not rotated since', async () => {
    const { report, vault, clock } = await vaultWith((v) => {
      v.add({ name: 'shared' }, STRONG(), CLI);
    });
    const id = vault.get('shared').id;
    vault.markShared([id], new Date(clock.now() + 1000).toISOString());
    clock.advance(2000);
    vault.putDoc('share.sent', 'b1', {
      bundleId: 'b1', createdAt: new Date(clock.now()).toISOString(), expiresAt: new Date(clock.now() + DAY).toISOString(), recipients: ['bob'],
      credentialNames: ['shared'], file: null, credentialIds: [id], recipientFingerprints: ['X'], passphrase: false,
    });
    vault.readValue('shared', 'share', CLI);
    expect(kinds(report())).toEqual([]);
    clock.advance(DAY + 1000);
    expect(kinds(report())).toEqual(['shared-not-rotated']);
    vault.rotate('shared', STRONG(), 'after share', CLI);
    expect(kinds(report())).toEqual([]);
  });

  it('never used in the 90 days since it was added, or unused for 90 days', async () => {
    const { report, clock, vault } = await vaultWith((v) => {
      v.add({ name: 'idle' }, STRONG(), CLI);
      v.add({ name: 'was-used' }, STRONG(), CLI);
      v.readValue('was-used', 'copy', CLI);
    });
    clock.advance(89 * DAY);
    expect(kinds(report())).toEqual([]);
    clock.advance(2 * DAY);
    expect(report().findings.map((f) => [f.credentialName, f.kind, f.severity])).toEqual([['idle', 'never-used', 'low'], ['was-used', 'unused', 'low']]);
    vault.readValue('was-used', 'get', CLI);
    expect(kinds(report())).toEqual(['never-used']);
  });

  it('unusual access: failed unlocks and a burst of reads since the previous unlock', async () => {
    const { report, vault, clock } = await vaultWith((v) => {
      v.add({ name: 'k' }, STRONG(), CLI);
    });
    vault.readValue('k', 'get', CLI);
    vault.lock();
    for (let i = 0; i < 3; i++) {
      await expect(vault.unlock('wrong password', CLI)).rejects.toThrow();
      clock.advance(10 * 60_000);
    }
    await vault.unlock(PASSWORD, CLI);
    expect(report().findings.map((f) => [f.kind, f.severity])).toEqual([['failed-unlocks', 'high']]);
    for (let i = 0; i < 25; i++) vault.readValue('k', 'reveal', CLI);
    expect(kinds(report())).toEqual(['failed-unlocks', 'access-burst']);
    // After the next unlock both are history.
    vault.lock();
    await vault.unlock(PASSWORD, CLI);
    vault.lock();
    await vault.unlock(PASSWORD, CLI);
    expect(kinds(report())).toEqual([]);
  });

  it('damaged: a credential record that cannot be read, and the rest still checked', async () => {
    const t = tempDir();
    const { vault, path } = await newVault(t.dir);
    const bad = vault.add({ name: 'broken' }, STRONG(), CLI);
    vault.add({ name: 'a' }, 'changeme', CLI);
    vault.close();
    const db = new Database(path);
    db.prepare("UPDATE records SET blob = zeroblob(length(blob)) WHERE id = ?").run(bad.id);
    db.close();
    const v = Vault.open(path);
    cleanups.push(() => {
      v.close();
      t.cleanup();
    });
    await v.unlock(PASSWORD, CLI);
    const r = buildHealthReport(v, { now: Date.parse('2025-01-01T00:00:00Z'), origin: CLI });
    expect(r.findings.map((f) => [f.kind, f.severity, f.credentialId])).toEqual([['damaged', 'high', bad.id], ['weak-value', 'medium', expect.any(String)]]);
  });
});
