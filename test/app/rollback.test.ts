// Whole-file rollback (issue 8): the app remembers the newest audit head it saw, sealed by the OS
// keychain (the fake platform's), and warns when the vault opens older: a real vault file copied
// away, written to, then put back. A forward move (the CLI wrote meanwhile) gives no warning;
// without a real keychain (Linux basic_text, none at all) nothing is stored and Settings says so.
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { appEventSchema, contract } from '../../shared/contract.ts';
import { HEADS_RECORD, parseRecord, RollbackGuard, isOlder } from '../../electron/app/rollback-guard.ts';
import { Vault } from '../../electron/vault/index.ts';
import { FakeKeychain } from '../support/fake-platform.ts';
import { fields, harness, PASSWORD, type Harness } from '../support/app-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const WITH_SIDE_FILES = ['', '-wal', '-shm'];

/** Copies the closed vault file (and any WAL beside it) to `to`. */
function copyVault(from: string, to: string): void {
  for (const suffix of WITH_SIDE_FILES) {
    rmSync(to + suffix, { force: true });
    if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
  }
}

async function add(hh: Harness, name: string): Promise<void> {
  await hh.call('credentials.create', { fields: fields(name), value: { kind: 'text', value: `value-of-${name}` } });
}

const warnings = (hh: Harness) => hh.events.filter((e) => e.type === 'rollback.warning');

/** What the app remembers for this vault, read from the fake keychain's record. */
function remembered(hh: Harness): { seq: number; mac: string; warning: unknown } | undefined {
  const text = hh.platform.keychain.peek(HEADS_RECORD);
  return text ? Object.values(parseRecord(text).vaults)[0] : undefined;
}

describe('whole-file rollback', () => {
  it('warns when the vault file is put back by an older copy, keeps warning until acknowledged, then starts from the current state', async () => {
    h = await harness();
    await add(h, 'first');
    await h.restart(); // closes the file: the copy below is a whole, consistent vault
    const copy = `${h.vaultPath}.old`;
    copyVault(h.vaultPath, copy);

    await h.call('vault.unlock', { password: PASSWORD });
    await add(h, 'second');
    await add(h, 'third');
    const newest = remembered(h);
    expect(newest?.seq).toBeGreaterThan(0);
    expect(warnings(h)).toHaveLength(0);
    await h.restart();

    copyVault(copy, h.vaultPath); // the older copy goes back in place
    await h.call('vault.unlock', { password: PASSWORD });
    const seen = warnings(h);
    expect(seen).toHaveLength(1);
    expect(appEventSchema.safeParse(seen[0]).success).toBe(true);
    const status = await h.call('rollback.status', {});
    expect(status.protection).toEqual({ on: true, reason: null });
    expect(status.warning).not.toBeNull();
    expect(status.warning!.lastSeenSeq).toBe(newest!.seq);
    expect(status.warning!.foundSeq).toBeLessThan(newest!.seq);
    expect(Date.parse(status.warning!.lastSeenAt)).toBe(h.platform.now());
    // It is the old file indeed: the later credentials are gone.
    expect((await h.call('credentials.list', {})).items.map((c) => c.name)).toEqual(['first']);

    // Writes made meanwhile do not silently replace the newer head remembered...
    await add(h, 'after-rollback');
    expect(remembered(h)?.seq).toBe(newest!.seq);
    // ...and the warning survives a lock and a restart.
    await h.restart();
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.call('rollback.status', {})).warning?.lastSeenSeq).toBe(newest!.seq);

    const acknowledged = await h.call('rollback.acknowledge', {});
    expect(acknowledged.warning).toBeNull();
    // The acceptance is in the audit trail, which still verifies.
    const accepted = (await h.call('audit.list', { action: 'rollback.acknowledge' })).entries;
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.detail).toMatch(new RegExp(`older than the newest seen \\(record ${newest!.seq},`));
    expect((await h.call('vault.verify', {})).ok).toBe(true);
    // The vault as it is now is remembered in place of the newer state that is gone.
    expect(remembered(h)).toMatchObject({ warning: null });
    expect(remembered(h)!.mac).not.toBe(newest!.mac);
    await h.restart();
    const events = warnings(h).length;
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.call('rollback.status', {})).warning).toBeNull();
    expect(warnings(h)).toHaveLength(events);
  });

  it('warns at the same sequence number with another history (the copy is one session behind)', async () => {
    h = await harness();
    await h.restart();
    const copy = `${h.vaultPath}.old`;
    copyVault(h.vaultPath, copy);
    await h.call('vault.unlock', { password: PASSWORD }); // this unlock's record is the newest the app sees
    const seenSeq = remembered(h)!.seq;
    await h.restart();

    copyVault(copy, h.vaultPath);
    await h.call('vault.unlock', { password: PASSWORD }); // a different unlock record, at the same seq
    const status = await h.call('rollback.status', {});
    expect(status.warning).toMatchObject({ lastSeenSeq: seenSeq, foundSeq: seenSeq });
  });

  it('gives no warning when the vault moved forward (the CLI wrote while the app was closed or open)', async () => {
    h = await harness();
    await add(h, 'app');
    await h.restart();

    const cli = Vault.open(h.vaultPath);
    await cli.unlock(PASSWORD, { kind: 'cli', command: 'add' });
    cli.add({ name: 'from/cli' }, 'cli-secret-value', { kind: 'cli', command: 'add' });
    cli.close();

    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.call('rollback.status', {})).warning).toBeNull();
    const afterUnlock = remembered(h)!.seq;

    // The CLI writes while the app is unlocked: the next operation remembers the newer head.
    const cli2 = Vault.open(h.vaultPath);
    await cli2.unlock(PASSWORD, { kind: 'cli', command: 'add' });
    cli2.add({ name: 'from/cli2' }, 'another-cli-value', { kind: 'cli', command: 'add' });
    cli2.close();
    await h.call('credentials.list', {});
    expect(remembered(h)!.seq).toBeGreaterThan(afterUnlock);
    expect((await h.call('rollback.status', {})).warning).toBeNull();
    expect(warnings(h)).toHaveLength(0);
  });

  it('does not warn after the app itself restored a backup', async () => {
    h = await harness();
    await add(h, 'kept');
    const backup = `${h.dir}/backup.keyhold`;
    h.platform.answerSave(backup);
    await h.call('backup.now', {});
    await add(h, 'later');
    h.platform.answerOpen(backup);
    const preview = await h.call('restore.preview', { password: PASSWORD });
    await h.call('restore.apply', { token: preview.token });
    await h.call('vault.unlock', { password: PASSWORD });
    expect((await h.call('credentials.list', {})).items.map((c) => c.name)).toEqual(['kept']);
    expect((await h.call('rollback.status', {})).warning).toBeNull();
    expect(warnings(h)).toHaveLength(0);
  });

  for (const backend of ['basic_text', 'unavailable'] as const) {
    it(`stores nothing with the ${backend} keychain and says protection is off`, async () => {
      h = await harness({ create: false });
      h.platform.keychain.backendName = backend;
      await h.call('vault.create', { password: PASSWORD });
      await add(h, 'first');
      await h.restart();
      const copy = `${h.vaultPath}.old`;
      copyVault(h.vaultPath, copy);
      await h.call('vault.unlock', { password: PASSWORD });
      await add(h, 'second');
      await h.restart();
      copyVault(copy, h.vaultPath);
      await h.call('vault.unlock', { password: PASSWORD });

      expect(h.platform.keychain.records.size).toBe(0);
      expect(h.platform.keychain.saves).toBe(0);
      expect(await h.call('rollback.status', {})).toEqual({ protection: { on: false, reason: backend }, warning: null });
      expect(warnings(h)).toHaveLength(0);
    });
  }

  it('is locked away with the vault: no status or acknowledgement while locked', async () => {
    h = await harness();
    await h.call('vault.lock', {});
    expect((await h.fail('rollback.status', {})).code).toBe('LOCKED');
    expect((await h.fail('rollback.acknowledge', {})).code).toBe('LOCKED');
    expect((await h.fail('rollback.status', { extra: 1 })).code).toBe('INVALID_INPUT');
  });
});

describe('the remembered record', () => {
  const head = { seq: 5, mac: 'ab'.repeat(32) };

  it('compares heads: fewer records, or as many with another MAC, is older', () => {
    expect(isOlder({ seq: 4, mac: head.mac }, head)).toBe(true);
    expect(isOlder({ seq: 5, mac: 'cd'.repeat(32) }, head)).toBe(true);
    expect(isOlder(head, head)).toBe(false);
    expect(isOlder({ seq: 6, mac: 'cd'.repeat(32) }, head)).toBe(false);
  });

  it('refuses malformed or hostile record contents (starts empty rather than trusting them)', () => {
    const good = { format: 1, vaults: { v1: { seq: 5, mac: head.mac, seenAt: '2025-01-01T00:00:00.000Z', warning: null } } };
    expect(Object.keys(parseRecord(JSON.stringify(good)).vaults)).toEqual(['v1']);
    for (const bad of [
      'not json',
      JSON.stringify({ ...good, format: 2 }),
      JSON.stringify({ format: 1, vaults: { v1: { ...good.vaults.v1, seq: -1 } } }),
      JSON.stringify({ format: 1, vaults: { v1: { ...good.vaults.v1, seq: 1e300 } } }),
      JSON.stringify({ format: 1, vaults: { v1: { ...good.vaults.v1, mac: 'zz' } } }),
      JSON.stringify({ format: 1, vaults: { v1: { ...good.vaults.v1, extra: true } } }),
      JSON.stringify({ format: 1, vaults: { v1: { ...good.vaults.v1, seenAt: 'yesterday' } } }),
    ]) {
      expect(parseRecord(bad).vaults, bad).toEqual({});
    }
  });

  it('starts again when the record cannot be decrypted (sealed by another keychain)', async () => {
    const keychain = new FakeKeychain();
    const guard = new RollbackGuard(keychain, () => Date.parse('2025-01-01T00:00:00Z'));
    await guard.observe('v1', head);
    keychain.broken = true;
    const fresh = new RollbackGuard(keychain, () => Date.parse('2025-01-02T00:00:00Z'));
    expect(await fresh.observe('v1', { seq: 1, mac: head.mac })).toBeNull();
    const status = await fresh.status('v1');
    expect(contract['rollback.status'].output.safeParse(status).success).toBe(true);
    expect(status.warning).toBeNull();
  });

  it('remembers each vault separately, by vault id', async () => {
    const keychain = new FakeKeychain();
    const guard = new RollbackGuard(keychain, () => Date.parse('2025-01-01T00:00:00Z'));
    await guard.observe('v1', head);
    expect(await guard.observe('v2', { seq: 1, mac: head.mac })).toBeNull();
    const warning = await guard.observe('v1', { seq: 2, mac: head.mac });
    expect(warning).toMatchObject({ lastSeenSeq: 5, foundSeq: 2 });
    expect((await guard.status('v2')).warning).toBeNull();
  });
});
