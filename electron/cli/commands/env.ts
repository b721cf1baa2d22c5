// keyhold env [--env-file FILE]... [--env VAR=REF]...: preflight of what `run` would resolve.
import { formatReference } from '../../refs/reference.ts';
import { credentialState, refusalLine, type CredentialState } from '../../refs/resolve.ts';
import { terminalSafe } from '../../../shared/text.ts';
import { EXIT_CODES } from '../exit-codes.ts';
import { jsonOption, optFlag, optList, vaultOption, type Command } from '../command.ts';
import { envFilesOrDefault, loadSources } from '../run/sources.ts';

/** Expiry this close is reported as "expiring in N days". */
const SOON_DAYS = 30;

function stateText(state: CredentialState): string {
  if (state.kind !== 'ok') return state.kind;
  if (state.expiresInDays !== null && state.expiresInDays <= SOON_DAYS) {
    return `ok, expiring in ${state.expiresInDays} day${state.expiresInDays === 1 ? '' : 's'}`;
  }
  return 'ok';
}

export const envCommand: Command = {
  name: 'env',
  summary: "Check the variables 'keyhold run' would set (never prints a value)",
  usage: 'keyhold env [--env-file FILE]... [--env VAR=keyhold:NAME]... [--json]',
  details: `
Lists each variable of the reference files (default ./.env.keyhold) and --env, the
credential it resolves to and its state: ok, ok, expiring in N days, missing, disabled,
revoked, compromised, trashed, expired; plain values are listed as "plain value".
Exits non-zero when 'keyhold run' would refuse to start (5 when a credential is missing,
7 otherwise), so CI can check before deploying.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    'env-file': { type: 'string', multiple: true, valueName: 'FILE', help: 'a reference file (dotenv format); - reads stdin; repeatable' },
    env: { type: 'string', multiple: true, valueName: 'VAR=REF', help: 'one variable from a reference; repeatable' },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const pairs = optList(ctx.opts, 'env') ?? [];
    const sources = await loadSources(envFilesOrDefault(optList(ctx.opts, 'env-file') ?? [], pairs, process.cwd()), pairs);
    const needsVault = [...sources.values()].some((s) => s.entry.kind === 'reference');
    const vault = needsVault ? await ctx.unlock() : undefined;
    const now = ctx.now();
    const rows = [...sources.values()].map(({ entry, source }) => {
      if (entry.kind === 'literal') return { variable: entry.variable, source, reference: null, credential: null, state: 'plain value', refusal: null };
      const state = credentialState(vault!, entry.reference.name, now);
      return {
        variable: entry.variable,
        source,
        reference: formatReference(entry.reference.name, entry.reference.field),
        credential: state.kind === 'missing' ? null : state.meta.name,
        state: stateText(state),
        refusal: state.kind === 'ok' ? null : { line: refusalLine(entry.variable, entry.reference, state), missing: state.kind === 'missing' },
      };
    });
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify(rows.map(({ refusal, ...row }) => ({ ...row, ok: refusal === null })), null, 2) + '\n');
    } else {
      const width = Math.max(8, ...rows.map((r) => r.variable.length));
      const refWidth = Math.max(9, ...rows.map((r) => (r.reference ?? '-').length));
      ctx.out(`${'VARIABLE'.padEnd(width)}  ${'REFERENCE'.padEnd(refWidth)}  STATE\n`);
      for (const r of rows) ctx.out(terminalSafe(`${r.variable.padEnd(width)}  ${(r.reference ?? '-').padEnd(refWidth)}  ${r.state}`) + '\n');
    }
    const refused = rows.filter((r) => r.refusal !== null);
    if (refused.length) {
      for (const r of refused) ctx.info(terminalSafe(`keyhold: ${r.refusal!.line}`));
      return refused.some((r) => r.refusal!.missing) ? EXIT_CODES.NOT_FOUND : EXIT_CODES.DISABLED;
    }
    return 0;
  },
};
