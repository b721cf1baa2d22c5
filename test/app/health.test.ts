// The health report through the application service (contract operations health.report and
// health.tick) and the reminder notification after unlock, through the fake platform.
import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from '../../shared/time.ts';
import { fields, harness, PASSWORD, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const VALUE = 'sk_live_a9Qw3Zr7Tt1Yp0Lm5Nb8Vc2Xk6Hj4Gf';

async function relock(): Promise<void> {
  await h.call('vault.lock', {});
  await h.call('vault.unlock', { password: PASSWORD });
}

describe('health through the service', () => {
  it('reports findings without values and keeps the incident checklist per credential', async () => {
    h = await harness();
    const a = await h.call('credentials.create', { fields: fields('stripe/prod'), value: { kind: 'text', value: VALUE } });
    await h.call('credentials.create', { fields: fields('stripe/copy'), value: { kind: 'text', value: VALUE } });
    let report = await h.call('health.report', {});
    expect(report.findings.map((f) => [f.kind, f.credentialName])).toEqual([['duplicate-value', 'stripe/copy'], ['duplicate-value', 'stripe/prod']]);
    expect(JSON.stringify(report)).not.toContain(VALUE);

    await h.call('credentials.setStatus', { id: a.id, status: 'compromised' });
    report = await h.call('health.tick', { id: a.id, step: 'revoke', done: true });
    const c = report.findings.find((f) => f.kind === 'compromised');
    expect(c?.severity).toBe('critical');
    expect(c?.checklist?.find((s) => s.step === 'revoke')?.doneAt).not.toBeNull();
    await h.restart();
    await h.call('vault.unlock', { password: PASSWORD });
    report = await h.call('health.report', {});
    expect(report.findings.find((f) => f.kind === 'compromised')?.checklist?.filter((s) => s.doneAt).map((s) => s.step)).toEqual(['revoke']);
    expect((await h.fail('health.tick', { id: a.id, step: 'fly', done: true })).code).toBe('INVALID_INPUT');
  });

  it('after unlock, one notification when something became due; not again for the same thing', async () => {
    h = await harness();
    const now = h.platform.now();
    expect(h.platform.notifications).toEqual([]);
    await h.call('credentials.create', { fields: fields('github/ci', { expiresAt: new Date(now + 5 * DAY).toISOString() }), value: { kind: 'text', value: VALUE } });
    await h.call('credentials.create', { fields: fields('aws/prod', { rotationIntervalDays: 30 }), value: { kind: 'generate', options: { length: 32, alphabet: 'base64url' } } });
    await relock();
    expect(h.platform.notifications).toEqual([{ title: '1 key needs attention', body: 'github/ci: expiring soon. Open Needs attention in Keyhold.' }]);
    await relock();
    expect(h.platform.notifications).toHaveLength(1);

    // Days later: github/ci has expired and aws/prod is due: one notification for both.
    await h.call('settings.set', { autoLockMinutes: 0 });
    await h.platform.advance(20 * DAY);
    await relock();
    expect(h.platform.notifications).toHaveLength(2);
    expect(h.platform.notifications[1]).toEqual({ title: '2 keys need attention', body: 'aws/prod: rotation due soon; github/ci: expired. Open Needs attention in Keyhold.' });
    expect(JSON.stringify(h.platform.notifications)).not.toContain(VALUE);

    // The lead time is a setting.
    await h.call('settings.set', { reminderLeadDays: 3 });
    const report = await h.call('health.report', {});
    expect(report.leadDays).toBe(3);
    expect(report.findings.map((f) => f.kind)).not.toContain('rotation-due-soon');
  });
});

describe('the desktop leak scan (scan.run)', () => {
  it('scans the home folder and a chosen folder in main; hits feed the health report, never values', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    h = await harness();
    await h.call('credentials.create', { fields: fields('npm/publish'), value: { kind: 'text', value: VALUE } });
    const home = join(h.dir, 'home');
    mkdirSync(join(home, 'proj'), { recursive: true });
    writeFileSync(join(home, '.npmrc'), `//registry.npmjs.org/:_authToken=${VALUE}\n`);
    writeFileSync(join(home, 'proj', 'app.env'), `\nKEY=${VALUE}\n`);
    h.platform.home = home;

    const r = await h.call('scan.run', { target: 'home' });
    expect(r).toMatchObject({ hits: 1, folder: null });
    let report = await h.call('health.report', {});
    expect(report.findings.find((f) => f.kind === 'exposed')?.locations).toEqual([{ place: 'home', file: join(home, '.npmrc'), line: 1, form: 'raw' }]);

    expect((await h.fail('scan.run', { target: 'folder' })).code).toBe('CANCELLED');
    h.platform.answerOpen(join(home, 'proj'));
    expect(await h.call('scan.run', { target: 'folder' })).toMatchObject({ hits: 1, folder: join(home, 'proj') });
    report = await h.call('health.report', {});
    expect(report.findings.find((f) => f.kind === 'exposed')?.locations?.[0]).toMatchObject({ file: join(home, 'proj', 'app.env'), line: 2 });
    expect(JSON.stringify(report)).not.toContain(VALUE);
    expect(h.platform.dialogs.filter((d) => d.kind === 'folder')).toHaveLength(2);
  });
});
