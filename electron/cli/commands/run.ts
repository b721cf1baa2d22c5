// keyhold run [--env-file FILE]... [--env VAR=REF]... [--no-masking] [--as-files] -- COMMAND ARGS...
import { KeyholdError } from '../../../shared/errors.ts';
import type { VaultApi } from '../../vault/api.ts';
import { terminalSafe } from '../../../shared/text.ts';
import { resolutionDetail, resolveBindings, type Binding, type ResolvedBinding } from '../../refs/resolve.ts';
import { optFlag, optList, vaultOption, type Command } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { findProgram, runChild } from '../run/child.ts';
import { maskPatterns } from '../run/mask.ts';
import { createSecretFolder, removeStaleFolders, secretFilesBase, type SecretFolder } from '../run/secret-files.ts';
import { envFilesOrDefault, loadSources } from '../run/sources.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a program with credentials in its environment, masked in its output',
  usage: 'keyhold run [--env-file FILE]... [--env VAR=keyhold:NAME]... [--no-masking] [--as-files] -- COMMAND [ARGS...]',
  details: `
Adds the variables of the reference files (default ./.env.keyhold) and of --env to
COMMAND's environment, on top of the current one; later files override earlier ones and
--env overrides files. A value written keyhold:NAME is the credential's current value,
keyhold:NAME#FIELD one of its fields (see README "Keys into programs").
Nothing starts when any reference names a missing, disabled, revoked, compromised,
trashed or expired credential ('keyhold env' lists them all).
Every value, and its base64 and percent-encoded forms, is replaced by
<concealed by keyhold> in the program's output. On a terminal the program runs on a
pseudo-terminal, so colours and prompts work as without keyhold.
--as-files puts each referenced value in a file (0600, in a private folder removed at the
end) and gives the program VAR_FILE=/path instead of VAR. Exit code: the program's own,
128+N when signal N ended it.`,
  options: {
    ...vaultOption,
    'env-file': { type: 'string', multiple: true, valueName: 'FILE', help: 'a reference file (dotenv format); - reads stdin; repeatable' },
    env: { type: 'string', multiple: true, valueName: 'VAR=REF', help: 'one variable from a reference, e.g. STRIPE_KEY=keyhold:stripe/prod; repeatable' },
    'no-masking': { type: 'boolean', help: 'pass the output through unchanged' },
    'as-files': { type: 'boolean', help: 'give every referenced value as a file: VAR_FILE=/path' },
    'as-file': { type: 'string', multiple: true, valueName: 'VAR', help: 'give this variable as a file (repeatable)' },
  },
  args: { min: 1, max: Infinity },
  async run(ctx) {
    const [command, ...args] = ctx.args as [string, ...string[]];
    const cwd = process.cwd();
    const pairs = optList(ctx.opts, 'env') ?? [];
    const files = envFilesOrDefault(optList(ctx.opts, 'env-file') ?? [], pairs, cwd);
    const sources = await loadSources(files, pairs);
    const asFiles = optFlag(ctx.opts, 'as-files');
    const asFile = new Set(optList(ctx.opts, 'as-file') ?? []);
    for (const variable of asFile) {
      if (sources.get(variable)?.entry.kind !== 'reference') throw new UsageError(`--as-file ${variable}: no reference sets ${variable}`);
    }
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.env)) if (v !== undefined) env[k] = v;
    const bindings: Binding[] = [];
    for (const { entry } of sources.values()) {
      if (entry.kind === 'literal') env[entry.variable] = entry.value;
      else bindings.push({ variable: entry.variable, reference: entry.reference });
    }
    // The program must exist before any value is read (no partial start).
    const program = findProgram(command, env);
    if ('code' in program) {
      ctx.info(terminalSafe(`keyhold: ${program.why}`));
      return program.code;
    }
    let resolved: ResolvedBinding[] = [];
    let vault: VaultApi | undefined;
    if (bindings.length) {
      vault = await ctx.unlock();
      resolved = resolveBindings(vault, bindings, 'run', ctx.origin, ctx.now());
    }
    let folder: SecretFolder | undefined;
    if (resolved.length && (asFiles || asFile.size)) {
      const base = secretFilesBase(ctx.env);
      removeStaleFolders(base);
      folder = createSecretFolder(base);
    }
    try {
      for (const r of resolved) {
        if (folder && (asFiles || asFile.has(r.variable))) {
          delete env[r.variable];
          env[`${r.variable}_FILE`] = folder.add(r.variable, r.value);
        } else {
          env[r.variable] = r.value;
        }
      }
      const secrets = [...new Set(resolved.filter((r) => r.secret).map((r) => r.value))];
      const mask = optFlag(ctx.opts, 'no-masking') ? null : secrets.flatMap(maskPatterns);
      const shown = [command, ...args].join(' ');
      const what = `command ${shown.length > 300 ? `${shown.slice(0, 297)}...` : shown}; cwd ${cwd}`;
      return await runChild({
        file: program.path,
        args,
        env,
        cwd,
        mask,
        notice: (line) => ctx.info(`keyhold: ${line}`),
        onStart: (pid) => {
          if (!vault) return;
          try {
            vault.record('run', ctx.origin, { detail: resolutionDetail(`${what}; pid ${pid ?? '?'} (keyhold ${process.pid})`, resolved) });
          } catch (e) {
            // The values were read and audited one by one already; say so rather than stop the program.
            ctx.info(`keyhold: warning: could not write the run to the audit trail (${e instanceof KeyholdError ? e.code : 'error'})`);
          }
        },
      });
    } finally {
      folder?.remove();
    }
  },
};
