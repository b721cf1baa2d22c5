// import.drop: a file dropped on the window reaches main as a path only (the preload's
// webUtils.getPathForFile). Through the real service over real files: what a drop may name, and
// that a good drop feeds the same preview and import as a file chosen in the dialog.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../electron/import/limits.ts';
import { harness, writeIn, type Harness } from '../support/app-harness.ts';

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

const SECRET = 'sk_live_DROPPED_value_7c6b5a';
const T = 60_000;

const write = (name: string, text: string): string => writeIn(h.dir, name, text);

describe('import.drop', () => {
  it('reads a dropped .env like a chosen one: preview without values, then one import', async () => {
    h = await harness();
    const file = write('shop/.env.staging', `STRIPE_KEY=${SECRET}\nPORT=3000\n`);
    const chosen = await h.call('import.drop', { path: file });
    expect(chosen).toMatchObject({ fileName: '.env.staging', format: 'dotenv', needsPassword: false });
    expect(h.platform.dialogs).toHaveLength(0);
    const preview = await h.call('import.preview', { token: chosen.token, onClash: 'skip' });
    expect(JSON.stringify(preview)).not.toContain(SECRET);
    expect(preview.rows.map((r) => [r.name, r.environment])).toEqual([['shop/STRIPE_KEY', 'staging'], ['shop/PORT', 'staging']]);
    const rows = preview.rows.map((r) => ({ index: r.index, include: true, name: r.name, environment: r.environment, tags: r.tags }));
    const report = await h.call('import.apply', { token: chosen.token, onClash: 'skip', rows });
    expect(report.imported.sort()).toEqual(['shop/PORT', 'shop/STRIPE_KEY']);
    const stripe = (await h.call('credentials.list', {})).items.find((c) => c.name === 'shop/STRIPE_KEY');
    expect(await h.call('credentials.reveal', { id: stripe!.id })).toMatchObject({ value: SECRET });
  }, T);

  it('refuses a folder, a non-disk item, a relative path, a pipe, a vanished and an oversize file, plainly and without importing', async () => {
    h = await harness();
    const folder = path.join(h.dir, 'project');
    fs.mkdirSync(folder);
    const fifo = path.join(h.dir, 'pipe.env');
    execFileSync('mkfifo', [fifo]);
    const big = path.join(h.dir, 'huge.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_IMPORT_BYTES + 1); // sparse: nothing written
    const cases: [string, string, RegExp][] = [
      [folder, 'INVALID_INPUT', /^project is a folder\. Drop one file from it/],
      ['', 'INVALID_INPUT', /not a file on this computer/],
      ['shop/.env', 'INVALID_INPUT', /no usable path/],
      // A FIFO would block open() until a writer came: refused from stat, before it is opened.
      [fifo, 'INVALID_INPUT', /pipe\.env is not a regular file/],
      [path.join(h.dir, 'gone.env'), 'NOT_FOUND', /gone\.env is no longer there/],
      [path.join(h.dir, 'gone.env', 'x'), 'NOT_FOUND', /no longer there/],
      [big, 'TOO_LARGE', /huge\.csv is 64\.0 MiB; imports are limited to 64 MiB/],
    ];
    for (const [p, code, message] of cases) {
      const err = await h.fail('import.drop', { path: p });
      expect([p, err.code], p).toEqual([p, code]);
      expect(err.message, p).toMatch(message);
    }
    expect((await h.call('credentials.list', {})).items).toEqual([]);
  }, T);

  it('a file of no known format is refused by name; a locked vault reads nothing', async () => {
    h = await harness();
    const junk = path.join(h.dir, 'photo.png');
    fs.writeFileSync(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const err = await h.fail('import.drop', { path: junk });
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/photo\.png.*binary file of a kind Keyhold cannot import/);
    const good = write('.env', `A=${SECRET}\n`);
    await h.call('vault.lock', {});
    expect((await h.fail('import.drop', { path: good })).code).toBe('LOCKED');
  }, T);
});
