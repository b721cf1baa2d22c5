// keyhold get NAME: print a credential's value, for `$(keyhold get stripe/prod)`.
import { KeyholdError } from '../../../shared/errors.ts';
import { jsonOption, optFlag, optString, vaultOption, type Command } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { findLive } from '../lookup.ts';
import { parseInteger } from '../parse.ts';
import { localTime } from '../format.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe } from '../../../shared/text.ts';

export const getCommand: Command = {
  name: 'get',
  summary: 'Print the value of a credential',
  usage: 'keyhold get NAME [--json] [--version N] [--copy [--clear-after SECONDS]]',
  details: `
Prints the value alone. A newline follows only when standard output is a terminal, so
pipes and files receive the exact value. Refused for disabled, revoked and expired
credentials.
Every get is recorded in the audit trail. --version N reads a previous value from history.
--copy puts the value on the clipboard instead: through the Keyhold app when it serves the
vault (cleared after its setting, kept out of clipboard history), otherwise with wl-copy,
xclip or xsel (pbcopy, clip), waiting and then clearing it only if it still holds the value.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    version: { type: 'string', valueName: 'N', help: 'read value version N (see keyhold history)' },
    copy: { type: 'boolean', help: 'copy to the clipboard instead of printing (cleared later)' },
    'clear-after': { type: 'string', valueName: 'SECONDS', help: 'with --copy and no Keyhold app: clear after SECONDS (default: the app setting, 30)' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const versionText = optString(ctx.opts, 'version');
    const version = versionText === undefined ? undefined : parseInteger(versionText, '--version', 1, 1_000_000);
    const copy = optFlag(ctx.opts, 'copy');
    const clearText = optString(ctx.opts, 'clear-after');
    if (clearText !== undefined && !copy) throw new UsageError('--clear-after goes with --copy.');
    if (copy && (version !== undefined || optFlag(ctx.opts, 'json'))) throw new UsageError('--copy takes neither --version nor --json.');
    const clearAfter = clearText === undefined ? undefined : parseInteger(clearText, '--clear-after', 5, 600);
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    if (copy) {
      if (meta.status === 'compromised') ctx.info(`warning: ${terminalSafe(meta.name)} is marked compromised: rotate it.`);
      // Loaded only for --copy: it brings the settings and the desktop app's clipboard protocol.
      const { copyCredential } = await import('../copy.ts');
      return copyCredential(ctx, vault, meta, clearAfter);
    }
    // Said here in local time (the core's refusal, audited all the same, names the UTC instant).
    const expired = meta.expiresAt !== null && Date.parse(meta.expiresAt) <= ctx.now();
    const expiredError = () => new KeyholdError('EXPIRED', `${terminalSafe(meta.name)} expired on ${localTime(meta.expiresAt!)}; set a new date with: keyhold edit ${shellQuote(meta.name)} --expires DATE`);
    let value: string;
    if (version === undefined || version === meta.valueVersion) {
      try {
        value = vault.readValue(meta.id, 'get', ctx.origin);
      } catch (e) {
        if (expired && e instanceof KeyholdError && e.code === 'EXPIRED') throw expiredError();
        throw e;
      }
    } else {
      // History reads obey the same rule as get: nothing from a disabled, revoked or expired credential.
      if (meta.status === 'disabled' || meta.status === 'revoked') {
        throw new KeyholdError('DISABLED', `${terminalSafe(meta.name)} is ${meta.status}.`);
      }
      if (expired) throw expiredError();
      if (version > meta.valueVersion) throw new KeyholdError('NOT_FOUND', `${meta.name} has no value version ${version} (current is ${meta.valueVersion}).`);
      value = vault.readHistoryValue(meta.id, version, ctx.origin);
    }
    if (meta.status === 'compromised') ctx.info(`warning: ${terminalSafe(meta.name)} is marked compromised: rotate it.`);
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify({ ...meta, value, ...(version !== undefined ? { readVersion: version } : {}) }, null, 2) + '\n');
    } else {
      ctx.out(value + (ctx.stdoutIsTTY ? '\n' : ''));
    }
  },
};
