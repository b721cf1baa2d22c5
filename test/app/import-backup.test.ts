// The desktop's Import wizard, backups and restore, through the application service as the
// renderer drives it: files come from main's (fake) dialogs, previews carry no value.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, harness, writeIn, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const SECRET = 'sk_live_DESKTOP_IMPORT_value_1';
const T = 60_000;

const write = (name: string, text: string): string => writeIn(h.dir, name, text);

describe('Import wizard', () => {
  it('chooses a file, previews without values, applies edits in one import', async () => {
    h = await harness();
    await h.call('credentials.create', { fields: { name: 'shop/TAKEN' }, value: { kind: 'text', value: 'old' } });
    h.platform.answerOpen(write('shop/.env.production', `STRIPE_KEY=${SECRET}\nTAKEN=new\nDROPPED=x\nEMPTY=\n`));
    const chosen = await h.call('import.choose', {});
    expect(chosen).toMatchObject({ fileName: '.env.production', format: 'dotenv', needsPassword: false });
    const preview = await h.call('import.preview', { token: chosen.token, onClash: 'rename' });
    expect(JSON.stringify(preview)).not.toContain(SECRET);
    const byName = new Map(preview.rows.map((r) => [r.name, r]));
    expect(byName.get('shop/STRIPE_KEY')).toMatchObject({ action: 'import', environment: 'prod', tags: ['shop'] });
    expect(byName.get('shop/TAKEN')).toMatchObject({ action: 'rename', target: 'shop/TAKEN (2)', clash: true });
    expect(byName.get('shop/EMPTY')).toMatchObject({ action: 'skip', index: -1 });
    const rows = preview.rows.filter((r) => r.index >= 0).map((r) => ({
      index: r.index, include: r.name !== 'shop/DROPPED', name: r.name === 'shop/STRIPE_KEY' ? 'stripe/prod' : r.name, environment: r.environment, tags: r.name === 'shop/STRIPE_KEY' ? ['payments'] : r.tags,
    }));
    const report = await h.call('import.apply', { token: chosen.token, onClash: 'rename', rows });
    expect(report.imported.sort()).toEqual(['shop/TAKEN (2)', 'stripe/prod']);
    expect(report.renamed).toEqual([{ from: 'shop/TAKEN', to: 'shop/TAKEN (2)' }]);
    expect(report.skipped.map((s) => s.reason)).toContain('left out in the preview');
    const list = await h.call('credentials.list', {});
    const stripe = list.items.find((c) => c.name === 'stripe/prod');
    expect(stripe).toMatchObject({ environment: 'prod', tags: ['payments'] });
    expect(await h.call('credentials.reveal', { id: stripe!.id })).toMatchObject({ value: SECRET });
    expect(h.events.some((e) => e.type === 'vault.changed')).toBe(true);
    // The session is used up; lock forgets any other.
    expect((await h.fail('import.apply', { token: chosen.token, onClash: 'rename', rows })).code).toBe('NOT_FOUND');
  }, T);

  it('asks for a KeePass password and refuses a wrong one; lock drops the chosen file', async () => {
    h = await harness();
    const bw = JSON.stringify({ encrypted: false, items: [{ type: 1, name: 'Svc', login: { password: SECRET } }] });
    h.platform.answerOpen(write('export.json', bw));
    const chosen = await h.call('import.choose', {});
    expect(chosen.format).toBe('bitwarden');
    await h.call('vault.lock', {});
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.fail('import.preview', { token: chosen.token, onClash: 'skip' })).code).toBe('NOT_FOUND');
    h.platform.answerOpen(write('bad.kdbx', '\u0003\u00d9\u00a2\u009a'));
    const cancelled = await h.fail('import.choose', {});
    expect(cancelled.code).toBe('INVALID_INPUT');
    expect((await h.fail('import.choose', {})).code).toBe('CANCELLED');
  }, T);
});

describe('Backup and restore in Settings', () => {
  it('backs up through the save dialog and restores after a full check, keeping the replaced vault', async () => {
    h = await harness();
    await h.call('credentials.create', { fields: { name: 'before' }, value: { kind: 'text', value: SECRET } });
    const file = path.join(h.dir, 'manual.keyhold');
    h.platform.answerSave(file);
    expect(await h.call('backup.now', {})).toMatchObject({ file, credentials: 1 });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await h.call('credentials.create', { fields: { name: 'after' }, value: { kind: 'text', value: 'x' } });

    // A tampered copy is refused and nothing changes.
    const bad = path.join(h.dir, 'bad.keyhold');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(bad, bytes.subarray(0, bytes.length >> 1));
    h.platform.answerOpen(bad);
    expect((await h.fail('restore.preview', { password: PASSWORD })).code).toBe('INTEGRITY');
    h.platform.answerOpen(file);
    expect((await h.fail('restore.preview', { password: 'wrong password' })).code).toBe('WRONG_PASSWORD');
    expect((await h.call('credentials.list', {})).items.map((c) => c.name).sort()).toEqual(['after', 'before']);

    h.platform.answerOpen(file);
    const preview = await h.call('restore.preview', { password: PASSWORD });
    expect(preview.backup.credentials).toBe(1);
    expect(preview.current.credentials).toBe(2);
    const done = await h.call('restore.apply', { token: preview.token });
    expect(done.status.state).toBe('locked');
    expect(done.replacedKeptAt && fs.existsSync(done.replacedKeptAt)).toBeTruthy();
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.call('credentials.list', {})).items.map((c) => c.name)).toEqual(['before']);
    expect((await h.call('vault.verify', {})).ok).toBe(true);
  }, T);

  it('keeps a rolling backup after unlock, at most once a day, the newest N', async () => {
    h = await harness();
    await h.call('settings.set', { backupKeep: 2 });
    // quit waits for a backup in progress; the restarted app starts locked.
    const unlockAndSettle = async () => {
      await h.call('vault.unlock', { password: PASSWORD });
      await h.restart();
    };
    await h.restart();
    const counts: number[] = [];
    for (let day = 0; day < 4; day++) {
      await unlockAndSettle();
      await unlockAndSettle(); // the same day: no second backup
      await h.call('vault.unlock', { password: PASSWORD });
      counts.push((await h.call('backup.status', {})).backups.length);
      await h.restart();
      await h.platform.advance(25 * 60 * 60 * 1000);
    }
    expect(counts).toEqual([1, 2, 2, 2]);
    await h.call('vault.unlock', { password: PASSWORD });
    const status = await h.call('backup.status', {});
    expect(status.lastError).toBeNull();
    expect(Date.parse(status.backups[0]!.at)).toBeGreaterThan(Date.parse(status.backups[1]!.at));
    expect(fs.statSync(status.backups[0]!.file).mode & 0o777).toBe(0o600);
  }, 180_000);
});
