// The desktop app notices writes made by another process (the CLI) to its vault file.
import { afterEach, describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/index.ts';
import { EXTERNAL_CHANGE_POLL_MS } from '../../electron/app/external-changes.ts';
import { harness, PASSWORD, type Harness } from '../support/app-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const changes = (hh: Harness) => hh.events.filter((e) => e.type === 'vault.changed').length;

describe('changes made outside the app', () => {
  it('emits vault.changed once after another connection writes, and the list shows the new credential', async () => {
    h = await harness({ create: true });
    await h.platform.advance(EXTERNAL_CHANGE_POLL_MS * 3);
    const before = changes(h);
    expect(before).toBe(0); // nothing changed: no event

    // The CLI's way in: its own connection, its own unlock.
    const cli = Vault.open(h.vaultPath);
    await cli.unlock(PASSWORD, { kind: 'cli', command: 'add' });
    cli.add({ name: 'from/cli' }, 'cli-secret-value', { kind: 'cli', command: 'add' });
    cli.close();

    await h.platform.advance(EXTERNAL_CHANGE_POLL_MS);
    expect(changes(h)).toBe(1);
    await h.platform.advance(EXTERNAL_CHANGE_POLL_MS * 3);
    expect(changes(h)).toBe(1); // reported once, not at every tick
    const list = await h.call('credentials.list', {});
    expect(list.items.map((c) => c.name)).toContain('from/cli');
  });

  it('does not watch while locked', async () => {
    h = await harness({ create: true });
    await h.call('vault.lock', {});
    const cli = Vault.open(h.vaultPath);
    await cli.unlock(PASSWORD, { kind: 'cli', command: 'add' });
    cli.add({ name: 'from/cli' }, 'cli-secret-value', { kind: 'cli', command: 'add' });
    cli.close();
    await h.platform.advance(EXTERNAL_CHANGE_POLL_MS * 3);
    expect(changes(h)).toBe(0);
  });
});
