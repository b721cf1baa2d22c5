// The shared body of `disable`, `enable`, `mark-compromised` and `revoke`: one status change.
import type { CredentialMeta, CredentialStatus } from '../../../shared/model.ts';
import { vaultOption, type Command } from '../command.ts';
import { findLive } from '../lookup.ts';

export function statusCommand(spec: {
  name: string;
  summary: string;
  status: CredentialStatus;
  details?: string;
  /** What to tell the user afterwards. */
  done: (meta: CredentialMeta) => string;
}): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: `keyhold ${spec.name} NAME`,
    ...(spec.details ? { details: spec.details } : {}),
    options: { ...vaultOption },
    args: { min: 1, max: 1 },
    async run(ctx) {
      const vault = await ctx.unlock();
      const meta = findLive(vault, ctx.args[0]!);
      const updated = vault.setStatus(meta.id, spec.status, ctx.origin);
      ctx.info(spec.done(updated));
    },
  };
}
