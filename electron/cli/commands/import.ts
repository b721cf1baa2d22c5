// keyhold import FILE...: credentials from .env, KeePass, Bitwarden, 1Password and CSV files.
// Everything is read and planned first, shown as a preview, confirmed, then written in one
// transaction; the report says what was imported, renamed, skipped and rejected, and why.
import path from 'node:path';
import { KeyholdError, isKeyholdError } from '../../../shared/errors.ts';
import { ENVIRONMENTS, type Environment } from '../../../shared/model.ts';
import { terminalSafe } from '../../../shared/text.ts';
import type { ImportFormat, ImportPlan, ImportReport, ParsedFile } from '../../import/index.ts';
import { CLASH_MODES, IMPORT_FORMATS, MAX_IMPORT_BYTES, type ClashMode } from '../../import/names.ts';
import { withFileVault } from '../file-vault.ts';
import { jsonOption, optFlag, optList, optString, vaultOption, type Command, type CommandContext, type OptionSpecs } from '../command.ts';
import { EXIT_CODES, UsageError } from '../exit-codes.ts';
import { readFirstLine } from '../first-line.ts';
import { table } from '../format.ts';
import { parseChoice } from '../parse.ts';
import { confirm, readHidden, terminal } from '../terminal.ts';

/** Options shared with `migrate`: how the rows are planned and confirmed. */
export const planOptions: OptionSpecs = {
  'dry-run': { type: 'boolean', help: 'show the preview and change nothing' },
  yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation (needed without a terminal)' },
  tag: { type: 'string', multiple: true, valueName: 'TAG', help: 'add this tag to every credential (repeatable)' },
  env: { type: 'string', valueName: 'ENV', help: `set the environment of every credential: ${ENVIRONMENTS.join(', ')}` },
  'on-clash': { type: 'string', valueName: 'MODE', help: 'when a name is taken: skip (default), rename (NAME (2)) or fail (import nothing)' },
};

export const importCommand: Command = {
  name: 'import',
  summary: 'Import credentials from .env, KeePass (.kdbx), Bitwarden JSON, 1Password (.1pux) or CSV files',
  usage: 'keyhold import FILE... [--format FORMAT] [--dry-run] [--yes] [--tag TAG]... [--env ENV] [--prefix P] [--on-clash skip|rename|fail]',
  details: `
The format is detected from the content unless --format says it. Nothing is written before
the preview (name, service, environment, tags, clashes) is shown and, on a terminal, you
confirm; without a terminal pass --yes. Each import is one transaction: a malformed or
truncated file imports nothing and the error names the line or entry at fault. Files over
${MAX_IMPORT_BYTES / 1024 / 1024} MiB are refused before they are read. Values are never printed.

  .env       one credential per variable, named FOLDER/VAR (--prefix P for P/VAR, --prefix ''
             for VAR); the environment comes from the file name (.env.production -> prod,
             .env.staging -> staging, .env.local -> dev), the folder becomes a tag
  .kdbx      KDBX 3.1 and 4 (AES-KDF, Argon2); password asked without echo or read from the
             first line of --kdbx-password-file; groups become tags, history becomes version
             history, expiry carries over, user name, URL and custom fields go to the notes,
             attachments are reported as skipped
  bitwarden  JSON export, plain or password protected (--bitwarden-password-file or prompt);
             logins, secure notes (the note is the value) and custom fields; folders -> tags
  1pux       1Password export: logins, passwords, API credentials, secure notes; vault and
             tags -> tags
  csv        header row; --map name=COLUMN,value=COLUMN[,service=,environment=,tags=,notes=,expires=]
             (columns named like the fields are found without --map)

--prefix puts P/ before every name of the other formats. Exit codes: 6 when --on-clash fail
meets a taken name, 3 for a wrong file password, 16 for an oversize file.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    format: { type: 'string', valueName: 'FORMAT', help: `${IMPORT_FORMATS.join(', ')} (default: detected)` },
    ...planOptions,
    prefix: { type: 'string', valueName: 'P', help: ".env: name credentials P/VAR instead of FOLDER/VAR ('' for VAR); others: P/NAME" },
    map: { type: 'string', valueName: 'MAP', help: 'CSV column mapping, e.g. name=Title,value=Password,service=URL' },
    'kdbx-password-file': { type: 'string', valueName: 'FILE', help: 'read the KeePass database password from the first line of FILE' },
    'bitwarden-password-file': { type: 'string', valueName: 'FILE', help: "read a protected Bitwarden export's password from the first line of FILE" },
  },
  args: { min: 1, max: Infinity },
  run: (ctx) => runImport(ctx),
};

export interface PlanChoices {
  onClash: ClashMode;
  tags: string[];
  environment?: Environment;
}

export function planChoices(ctx: CommandContext): PlanChoices {
  const onClash = parseChoice(optString(ctx.opts, 'on-clash') ?? 'skip', CLASH_MODES, '--on-clash');
  const env = optString(ctx.opts, 'env');
  const choices: PlanChoices = { onClash, tags: optList(ctx.opts, 'tag') ?? [] };
  if (env !== undefined) choices.environment = parseChoice(env, ENVIRONMENTS, '--env');
  return choices;
}

/** A password for a protected file: its --*-password-file, else asked without echo. */
function filePassword(ctx: CommandContext): (what: string) => Promise<string> {
  return async (what) => {
    const option = /KeePass/.test(what) ? 'kdbx-password-file' : 'bitwarden-password-file';
    const file = optString(ctx.opts, option);
    if (file !== undefined) return readFirstLine(file, `--${option} (${file})`);
    const term = terminal();
    if (!term) throw new KeyholdError('LOCKED', `${what} is protected by a password: pass --${option} FILE, or run on a terminal to be asked.`);
    const pw = await readHidden(term, `Password of ${what}: `);
    if (pw === '') throw new KeyholdError('CANCELLED', 'No password given.');
    return pw;
  };
}

async function runImport(ctx: CommandContext): Promise<number> {
  // The parsers (kdbxweb, zip, CSV) load only when importing, not with every keyhold command.
  const { applyPlan, buildPlan, parseColumnMap, parseImport, readImportFile } = await import('../../import/index.ts');
  const choices = planChoices(ctx);
  const formatText = optString(ctx.opts, 'format');
  const format = formatText === undefined ? undefined : parseChoice(formatText, IMPORT_FORMATS, '--format') as ImportFormat;
  const mapText = optString(ctx.opts, 'map');
  const csvMap = mapText === undefined ? undefined : parseColumnMap(mapText);
  const prefix = optString(ctx.opts, 'prefix');
  if (optFlag(ctx.opts, 'dry-run') && optFlag(ctx.opts, 'yes')) throw new UsageError('use either --dry-run or --yes, not both');
  const files: { file: string; parsed: ParsedFile }[] = [];
  for (const arg of ctx.args) {
    const file = path.resolve(arg);
    const bytes = readImportFile(file);
    try {
      const parsed = await parseImport(bytes, arg, {
        ...(format ? { format } : {}), ...(csvMap ? { csvMap } : {}), ...(prefix !== undefined ? { prefix } : {}),
        password: filePassword(ctx),
      });
      files.push({ file: arg, parsed });
    } catch (e) {
      // The generic report would call this a wrong master password.
      if (isKeyholdError(e) && e.code === 'WRONG_PASSWORD') {
        ctx.info(`keyhold: ${e.message}`);
        return EXIT_CODES.WRONG_PASSWORD;
      }
      throw e;
    } finally {
      bytes.fill(0);
    }
  }
  return withFileVault(ctx, async (vault) => {
    const namePrefix = prefix && files.some((f) => f.parsed.format !== 'dotenv') ? prefix : undefined;
    const plan = buildPlan(
      files.map((f) => (f.parsed.format === 'dotenv' || !namePrefix ? f : { ...f, parsed: { ...f.parsed, entries: f.parsed.entries.map((e) => ({ ...e, name: `${namePrefix}/${e.name}` })) } })),
      vault.list({ scope: 'all' }).map((m) => m.name),
      { onClash: choices.onClash, tags: choices.tags, ...(choices.environment ? { environment: choices.environment } : {}) },
    );
    const source = files.map((f) => `${f.parsed.format} file ${path.basename(f.file)}`).join(', ').slice(0, 900);
    return confirmAndApply(ctx, plan, source, (p) => applyPlan(vault, p, source, ctx.origin));
  });
}

/** Preview, the --dry-run stop, confirmation, then apply and report. Shared with migrate. */
export async function confirmAndApply(ctx: CommandContext, plan: ImportPlan, what: string, apply: (p: ImportPlan) => ImportReport): Promise<number> {
  const json = optFlag(ctx.opts, 'json');
  const toImport = plan.rows.filter((r) => r.action === 'import' || r.action === 'rename').length;
  if (!json) ctx.out(previewText(plan));
  if (optFlag(ctx.opts, 'dry-run')) {
    if (json) ctx.out(JSON.stringify({ dryRun: true, rows: previewRows(plan) }, null, 2) + '\n');
    else ctx.info(`Dry run: nothing was imported${plan.blocked ? ' (and a name clash would stop this import: --on-clash fail)' : ''}.`);
    return 0;
  }
  if (toImport > 0 && !plan.blocked && !optFlag(ctx.opts, 'yes')) {
    const term = terminal();
    if (!term) throw new UsageError('nothing imported: confirm with --yes when there is no terminal (or look first with --dry-run)');
    if (!(await confirm(term, `Import ${toImport} credential${toImport === 1 ? '' : 's'} from ${terminalSafe(what)}?`))) throw new KeyholdError('CANCELLED', 'Cancelled: nothing was imported.');
  }
  const report = apply(plan);
  if (json) ctx.out(JSON.stringify({ rows: previewRows(plan), report }, null, 2) + '\n');
  else ctx.info(reportText(report));
  return 0;
}

const ACTION_WORD = { import: 'import', rename: 'rename', skip: 'skip', reject: 'REJECT' } as const;

function previewRows(plan: ImportPlan) {
  return plan.rows.map((r) => ({
    file: r.file, where: r.where, name: r.name, target: r.target, action: r.action, reason: r.reason ?? null,
    service: r.service, environment: r.environment, tags: r.tags, clash: r.clash,
  }));
}

function previewText(plan: ImportPlan): string {
  if (plan.rows.length === 0) return 'The file holds no credentials.\n';
  const rows = plan.rows.map((r) => [
    ACTION_WORD[r.action],
    terminalSafe(r.action === 'rename' ? `${r.name} -> ${r.target}` : r.name || '-'),
    terminalSafe(r.service || '-'),
    r.action === 'import' || r.action === 'rename' ? r.environment : '-',
    terminalSafe(r.tags.join(',') || '-'),
    terminalSafe(r.reason ? `${r.reason} (${r.where})` : r.where),
  ]);
  return table(['ACTION', 'NAME', 'SERVICE', 'ENV', 'TAGS', 'NOTE'], rows) + '(values not shown)\n';
}

function reportText(r: ImportReport): string {
  const n = (k: number, w: string) => `${k} ${w}`;
  const lines = [`Imported ${n(r.imported.length, r.imported.length === 1 ? 'credential' : 'credentials')}, renamed ${r.renamed.length}, skipped ${r.skipped.length}, rejected ${r.rejected.length}.`];
  for (const x of r.renamed) lines.push(`  renamed  ${terminalSafe(x.from)} -> ${terminalSafe(x.to)} (name taken)`);
  for (const x of r.rejected) lines.push(`  rejected ${terminalSafe(x.name || '-')}: ${terminalSafe(x.reason)} (${terminalSafe(x.file)}, ${terminalSafe(x.where)})`);
  return lines.join('\n');
}
