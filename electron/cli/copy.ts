// `keyhold get --copy`: through the desktop app's clipboard guard when the app serves the vault
// (history exclusion, cleared by the app), otherwise with the system clipboard tool, waiting in
// the foreground like `keepassxc-cli clip` and clearing only if the clipboard still holds the value.
import { KeyholdError } from '../../shared/errors.ts';
import type { CredentialMeta } from '../../shared/model.ts';
import { RemoteVault } from '../agent/remote-vault.ts';
import { loadSettings } from '../app/settings.ts';
import type { VaultApi } from '../vault/api.ts';
import type { CommandContext } from './command.ts';
import { chooseClipboardTool, clearIfStill, copyWith } from './os-clipboard.ts';

function waitOrInterrupt(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** `clearAfterSeconds`: from --clear-after, else the app's clipboard setting. */
export async function copyCredential(ctx: CommandContext, vault: VaultApi, meta: CredentialMeta, clearAfterSeconds: number | undefined): Promise<void> {
  if (vault instanceof RemoteVault && vault.server === 'desktop') {
    if (clearAfterSeconds !== undefined) throw new KeyholdError('INVALID_INPUT', '--clear-after does not apply while the Keyhold app copies: it clears after its own setting.');
    const r = vault.connection.copy(meta.id, 'get');
    ctx.info(`Copied ${meta.name} with the Keyhold app; the clipboard clears in ${Math.round(r.clearsInMs / 1000)} s if it still holds the value.`);
    return;
  }
  // The tool first: a copy that cannot happen must not read (and audit) the value.
  const tool = chooseClipboardTool(ctx.env);
  const seconds = clearAfterSeconds ?? loadSettings(vault).clipboardClearSeconds;
  const value = vault.readValue(meta.id, 'copy', ctx.origin);
  copyWith(tool, value, ctx.env);
  ctx.info(`Copied ${meta.name} to the clipboard (${tool.name}). Clearing it in ${seconds} s if it still holds the value; Ctrl+C clears it now.`);
  await waitOrInterrupt(seconds * 1000);
  if (clearIfStill(tool, value, ctx.env)) ctx.info('Clipboard cleared.');
  else ctx.info('The clipboard holds something else now: left as it is.');
}
