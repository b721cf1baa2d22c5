// keyhold get NAME: print a credential's value, for `$(keyhold get stripe/prod)`.
import { KeyholdError } from '../../../shared/errors.ts';
import { jsonOption, optFlag, optString, vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';
import { parseInteger } from '../parse.ts';
import { localTime } from '../format.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe } from '../../../shared/text.ts';

export const getCommand: Command = {
  name: 'get',
  summary: 'Print the value of a credential',
  usage: 'keyhold get NAME [--json] [--version N]',
  details: `
Prints the value alone. A newline follows only when standard output is a terminal, so
pipes and files receive the exact value. Refused for disabled, revoked and expired
credentials.
Every get is recorded in the audit trail. --version N reads a previous value from history.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    version: { type: 'string', valueName: 'N', help: 'read value version N (see keyhold history)' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const versionText = optString(ctx.opts, 'version');
    const version = versionText === undefined ? undefined : parseInteger(versionText, '--version', 1, 1_000_000);
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
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
