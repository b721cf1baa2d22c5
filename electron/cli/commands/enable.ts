// keyhold enable NAME: make a disabled (or compromised, revoked) credential active again. A
// compromised one whose value was not rotated since it was marked needs --force: enabling it
// would put a leaked value back in use without a word.
import { KeyholdError } from '../../../shared/errors.ts';
import type { CredentialMeta } from '../../../shared/model.ts';
import type { VaultApi } from '../../vault/api.ts';
import { optFlag, vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';
import { shellQuote } from '../quote.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';

/** Whether the value was rotated after the credential was last marked compromised. */
function rotatedSinceCompromised(vault: VaultApi, meta: CredentialMeta): boolean {
  const marks = vault.audit({ credentialId: meta.id, action: 'compromised' });
  const marked = marks.at(-1);
  if (!marked) return false;
  return Date.parse(meta.valueUpdatedAt) > Date.parse(marked.time);
}

export const enableCommand: Command = {
  name: 'enable',
  summary: 'Make a credential active again',
  usage: 'keyhold enable NAME [--force]',
  details: `
A credential marked compromised is enabled only after its value was rotated
('keyhold rotate NAME --generate'), or with --force, which warns that the leaked value is
in use again.`,
  options: {
    ...vaultOption,
    force: { type: 'boolean', help: 'enable a compromised credential whose value was not rotated' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    const force = optFlag(ctx.opts, 'force');
    const leaked = meta.status === 'compromised' && !rotatedSinceCompromised(vault, meta);
    if (leaked && !force) {
      throw new KeyholdError(
        'DISABLED',
        `${safe(meta.name)} is marked compromised and its value was not rotated since. Rotate it first ('keyhold rotate ${shellQuote(meta.name)} --generate'), or use --force to enable the leaked value anyway.`,
      );
    }
    const updated = vault.setStatus(meta.id, 'active', ctx.origin);
    if (leaked) ctx.info(`warning: ${safe(updated.name)} was marked compromised and still has the same value; it is in use again.`);
    ctx.info(`Enabled ${safe(updated.name)}.`);
  },
};
