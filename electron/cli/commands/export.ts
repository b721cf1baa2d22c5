// keyhold export [--format dotenv|json|shell] [--tag T]... [--env E] [NAME...]: values in plain text.
// --format kdbx (a KeePass database) is export-kdbx.ts.
import { KeyholdError } from '../../../shared/errors.ts';
import { ENVIRONMENTS, type CredentialMeta } from '../../../shared/model.ts';
import { EnvFileError, formatEnvFile } from '../../refs/env-file.ts';
import { credentialState, refusalLine, resolutionDetail, resolveBindings } from '../../refs/resolve.ts';
import { optFlag, optList, optString, vaultOption, type Command } from '../command.ts';
import { parseChoice } from '../parse.ts';
import { UsageError } from '../exit-codes.ts';
import { writeOutput } from '../run/output.ts';
import { confirm, terminal } from '../terminal.ts';
import { exportKdbx, kdbxExportOptions, KDBX_EXPORT_HELP } from '../export-kdbx.ts';

const FORMATS = ['dotenv', 'json', 'shell', 'kdbx'] as const;
type Format = Exclude<(typeof FORMATS)[number], 'kdbx'>;

/** `stripe/prod` → `STRIPE_PROD`: what a program expects as an environment variable name. */
export function variableName(credentialName: string): string {
  const upper = credentialName.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function render(format: Format, entries: { variable: string; value: string }[]): string {
  if (format === 'json') return JSON.stringify(Object.fromEntries(entries.map((e) => [e.variable, e.value])), null, 2) + '\n';
  if (format === 'shell') return entries.map((e) => `export ${e.variable}=${shellQuote(e.value)}\n`).join('');
  try {
    return formatEnvFile(entries);
  } catch (e) {
    if (e instanceof EnvFileError) throw new KeyholdError('INVALID_INPUT', `${e.message} (use --format json or shell)`);
    throw e;
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Print credentials as a dotenv file, JSON or shell exports (plain text), or write a KeePass database',
  usage: 'keyhold export [--format dotenv|json|shell] [--tag T]... [--env E] [-o FILE] [--yes] [NAME...]\nkeyhold export --format kdbx -o FILE [--passphrase-file FILE] [--yes]',
  details: `
The values leave the vault in plain text: on a terminal it asks first (--yes skips the
question). Variable names come from the credential names: stripe/prod is STRIPE_PROD.
Named credentials must be usable (not disabled, revoked, compromised, trashed or
expired); with --tag/--env (or no names) the unusable ones are left out and counted on
stderr. The dotenv output reads back exactly with dotenv.parse, whatever the values hold.
-o FILE writes a new file with mode 0600 (--force replaces one); - is stdout.
${KDBX_EXPORT_HELP}`,
  options: {
    ...vaultOption,
    format: { type: 'string', valueName: 'FORMAT', help: 'dotenv (default), json, shell, or kdbx (a KeePass database)' },
    ...kdbxExportOptions,
    tag: { type: 'string', multiple: true, valueName: 'TAG', help: 'only credentials with this tag (repeatable)' },
    env: { type: 'string', valueName: 'ENV', help: `only this environment: ${ENVIRONMENTS.join(', ')}` },
    output: { type: 'string', short: 'o', valueName: 'FILE', help: 'write here, mode 0600 (default and -: stdout)' },
    force: { type: 'boolean', help: 'replace FILE if it exists' },
    yes: { type: 'boolean', short: 'y', help: 'do not ask before printing values' },
  },
  args: { min: 0, max: Infinity },
  async run(ctx) {
    const chosenFormat = parseChoice(optString(ctx.opts, 'format') ?? 'dotenv', FORMATS, '--format');
    if (chosenFormat === 'kdbx') return exportKdbx(ctx);
    if (ctx.opts['passphrase-file'] !== undefined) throw new UsageError('--passphrase-file goes with --format kdbx');
    const format: Format = chosenFormat;
    const tags = optList(ctx.opts, 'tag') ?? [];
    const envText = optString(ctx.opts, 'env');
    const environment = envText === undefined ? undefined : parseChoice(envText, ENVIRONMENTS, '--env');
    const output = optString(ctx.opts, 'output');
    const vault = await ctx.unlock();
    const now = ctx.now();
    let chosen: CredentialMeta[];
    if (ctx.args.length) {
      chosen = ctx.args.map((name) => {
        const state = credentialState(vault, name, now);
        if (state.kind !== 'ok') {
          throw new KeyholdError(state.kind === 'missing' ? 'NOT_FOUND' : 'DISABLED', refusalLine(name, { name, field: null }, state));
        }
        return state.meta;
      });
    } else {
      const matching = vault.list({ scope: 'active' }).filter((m) => tags.every((t) => m.tags.includes(t)) && (!environment || m.environment === environment));
      chosen = matching.filter((m) => credentialState(vault, m.id, now).kind === 'ok');
      if (matching.length > chosen.length) ctx.info(`Left out ${matching.length - chosen.length} unusable credential(s) (disabled, revoked, compromised or expired).`);
    }
    if (ctx.args.length && (tags.length || environment)) chosen = chosen.filter((m) => tags.every((t) => m.tags.includes(t)) && (!environment || m.environment === environment));
    if (!chosen.length) throw new KeyholdError('NOT_FOUND', 'No usable credentials match: nothing to export.');
    const byVariable = new Map<string, string>();
    for (const m of chosen) {
      const variable = variableName(m.name);
      const other = byVariable.get(variable);
      if (other !== undefined && other !== m.name) throw new KeyholdError('INVALID_INPUT', `${other} and ${m.name} would both be ${variable}: export them separately.`);
      byVariable.set(variable, m.name);
    }
    if (!optFlag(ctx.opts, 'yes')) {
      const term = terminal();
      const where = output && output !== '-' ? output : 'standard output';
      if (term && !(await confirm(term, `Write ${chosen.length} value${chosen.length === 1 ? '' : 's'} in plain text to ${where}?`))) {
        throw new KeyholdError('CANCELLED', 'Cancelled: nothing was exported.');
      }
    }
    const unique = [...new Map(chosen.map((m) => [m.id, m])).values()];
    const resolved = resolveBindings(vault, unique.map((m) => ({ variable: variableName(m.name), reference: { name: m.id, field: null } })), 'get', ctx.origin, now);
    vault.record('export', ctx.origin, { detail: resolutionDetail(`export --format ${format} to ${output ?? '-'}; cwd ${process.cwd()}; pid ${process.pid}`, resolved) });
    const written = writeOutput(output, render(format, resolved.map((r) => ({ variable: r.variable, value: r.value }))), optFlag(ctx.opts, 'force'), ctx.out);
    if (written) ctx.info(`Wrote ${written} (${resolved.length} value${resolved.length === 1 ? '' : 's'}).`);
  },
};
