// keyhold migrate [DIR]: move a project's plaintext .env files into the vault. Secrets are
// imported (one transaction for all files), each file gets a committable `.env.keyhold`
// reference file beside it, and — once confirmed — the plaintext original is removed and
// .gitignore keeps it out of git. Files git tracks or ever committed are flagged: their keys
// were exposed and must be rotated, not just moved.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import { terminalSafe } from '../../../shared/text.ts';
import type { VaultApi } from '../../vault/api.ts';
import { buildPlan, type ImportPlan, type ImportReport } from '../../import/plan.ts';
import type { ParsedFile } from '../../import/types.ts';
import { withFileVault } from '../file-vault.ts';
import { parseDotenv } from '../../import/formats/dotenv.ts';
import { readImportFile } from '../../import/file.ts';
import { commitsTouching, gitRoot, isTracked } from '../../import/git.ts';
import { dotenvParse } from '../../refs/env-file.ts';
import {
  findEnvFiles, gitignoreAdditions, looksPlain, referenceFileFor, referenceFileText, writablePlain, type FoundEnvFile,
} from '../../import/migrate.ts';
import { optFlag, optString, vaultOption, type Command, type CommandContext } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { table } from '../format.ts';
import { parseChoice } from '../parse.ts';
import { confirm, terminal } from '../terminal.ts';
import { planChoices, planOptions } from './import.ts';

export const EXPOSED_TAG = 'exposed-in-git';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Move a project off plaintext .env files: secrets into the vault, .env.keyhold reference files beside them',
  usage: 'keyhold migrate [DIR] [--dry-run] [--yes] [--all-secret] [--prefix P] [--tag TAG]... [--on-clash rename|fail]',
  details: `
Finds .env and .env.* files under DIR (default: the current folder), not in node_modules or
in folders .gitignore ignores; ignored .env files are found too and marked. Templates
(.env.example, .sample, .template) and existing .keyhold files are left alone.

Each variable is a secret (imported as FOLDER/VAR, environment from the file name, the
folder as a tag) or a plain setting that stays as text in the reference file. The
heuristic: a setting has no secret-like word in its name (KEY, SECRET, TOKEN, PASSWORD,
PASS, AUTH, PRIVATE, CREDENTIAL, SALT, CERT, DSN, SESSION, COOKIE, WEBHOOK) and a value that
is a number, a boolean, an environment or log-level word, a URL without a password, a path
or a short lowercase word (PORT=3000, NODE_ENV=production, LOG_LEVEL=debug). Everything
else is a secret. On a terminal you are asked about each setting; --all-secret imports all.

Then, each step confirmed on a terminal (--yes confirms them all, --dry-run only shows the
plan): import the secrets (one transaction), write FILE.keyhold beside each FILE, remove the
plaintext originals, add them to .gitignore. 'keyhold run --env-file .env.keyhold -- CMD'
then gives CMD the same environment as before.

A name already in the vault with the same value is reused; with another value the secret is
imported as NAME (2) (--on-clash fail stops instead). A file that git tracks or that appears
in git history is reported: its keys were exposed, so they get the tag ${EXPOSED_TAG} and a
note. Rotate them ('keyhold ls --tag ${EXPOSED_TAG}').`,
  options: {
    ...vaultOption,
    ...planOptions,
    'all-secret': { type: 'boolean', help: 'import every variable, also plain settings like PORT=3000' },
    prefix: { type: 'string', valueName: 'P', help: "name credentials P/VAR instead of FOLDER/VAR ('' for VAR)" },
  },
  args: { min: 0, max: 1 },
  run: (ctx) => runMigrate(ctx),
};

interface FilePlan {
  found: FoundEnvFile;
  vars: Record<string, string>;
  /** Variables kept as plain text. */
  plain: Set<string>;
  parsed: ParsedFile;
  tracked: boolean;
  commits: number;
}

async function runMigrate(ctx: CommandContext): Promise<number> {
  const dir = path.resolve(ctx.args[0] ?? '.');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new KeyholdError('NOT_FOUND', `No folder at ${dir}`);
  const onClash = parseChoice(optString(ctx.opts, 'on-clash') ?? 'rename', ['rename', 'fail'] as const, '--on-clash');
  const dryRun = optFlag(ctx.opts, 'dry-run');
  const yes = optFlag(ctx.opts, 'yes');
  if (dryRun && yes) throw new UsageError('use either --dry-run or --yes, not both');
  const term = dryRun || yes ? null : terminal();
  if (!dryRun && !yes && !term) throw new UsageError('migrate asks before each step: confirm them with --yes when there is no terminal (or look first with --dry-run)');
  const found = findEnvFiles(dir);
  const root = gitRoot(dir);
  const rel = (f: string) => {
    const r = path.relative(process.cwd(), f);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : f;
  };
  for (const f of found.filter((x) => x.leftAlone)) ctx.info(`${terminalSafe(rel(f.file))}: left alone (${f.leftAlone}).`);
  const todo = found.filter((f) => !f.leftAlone);
  if (todo.length === 0) {
    ctx.info(`No .env files to migrate under ${dir}.`);
    return 0;
  }
  const prefix = optString(ctx.opts, 'prefix');
  const plans: FilePlan[] = [];
  for (const f of todo) {
    const bytes = readImportFile(f.file);
    try {
      const text = bytes.toString('utf8');
      const vars = dotenvParse(text);
      const plain = new Set(Object.entries(vars).filter(([k, v]) => v === '' || (!optFlag(ctx.opts, 'all-secret') && looksPlain(k, v) && writablePlain(k, v))).map(([k]) => k));
      const parsed = parseDotenv(text, f.file, prefix !== undefined ? { prefix } : {});
      plans.push({
        found: f, vars, plain, parsed,
        tracked: root !== null && isTracked(root, f.file),
        commits: root !== null ? commitsTouching(root, f.file) : 0,
      });
    } finally {
      bytes.fill(0);
    }
  }
  ctx.out(planText(plans, rel));
  if (term) {
    for (const p of plans) {
      for (const v of [...p.plain]) {
        if (p.vars[v] === '') continue;
        if (!(await confirm(term, `${rel(p.found.file)}: keep ${v} as plain text in the reference file (not a secret)?`))) p.plain.delete(v);
      }
    }
  }
  return withFileVault(ctx, async (vault) => {
    const exposed = plans.filter((p) => p.tracked || p.commits > 0);
    const { plan, reuse } = migrationPlan(vault, plans, exposed, onClash, ctx);
    if (plan.blocked) {
      throw new KeyholdError('ALREADY_EXISTS', `Some names are taken with other values (${plan.rows.filter((r) => r.clash).map((r) => `'${terminalSafe(r.name)}'`).slice(0, 5).join(', ')}): nothing was changed. Use --on-clash rename or --prefix.`);
    }
    const toImport = plan.rows.filter((r) => r.item).length;
    if (dryRun) {
      ctx.info(`Dry run: would import ${toImport} secret${toImport === 1 ? '' : 's'}${reuse.size ? ` (and reuse ${reuse.size} already in the vault)` : ''}, write ${plans.length} reference file${plans.length === 1 ? '' : 's'}, remove the originals and update .gitignore. Nothing was changed.`);
      warnExposed(ctx, exposed, rel);
      return 0;
    }
    const ask = async (q: string) => !term || (await confirm(term, q));
    if (!(await ask(`Import ${toImport} secret${toImport === 1 ? '' : 's'} into the vault and write ${plans.map((p) => path.basename(referenceFileFor(p.found.file))).join(', ')}?`))) {
      throw new KeyholdError('CANCELLED', 'Cancelled: nothing was changed.');
    }
    const report: ImportReport = toImport ? applyMigration(vault, plan, ctx) : { imported: [], renamed: [], skipped: [], rejected: [] };
    // File and name in it -> the credential the reference points to (renamed, reused or as is).
    const targetOf = new Map(plan.rows.filter((r) => r.item || reuse.has(`${r.file}\0${r.name}`)).map((r) => [`${r.file}\0${r.name}`, r.target || r.name]));
    for (const p of plans) {
      const entries = Object.entries(p.vars).map(([variable, value]) => {
        const entry = p.parsed.entries.find((e) => e.variable === variable);
        const secretName = p.plain.has(variable) || !entry ? null : (targetOf.get(`${p.found.file}\0${entry.name}`) ?? null);
        return { variable, value, secretName };
      });
      const missing = entries.filter((e) => !p.plain.has(e.variable) && e.value !== '' && e.secretName === null);
      if (missing.length) throw new KeyholdError('INTERNAL', `No credential for ${missing.map((m) => m.variable).join(', ')} in ${rel(p.found.file)}: its reference file was not written.`);
      fs.writeFileSync(referenceFileFor(p.found.file), referenceFileText(p.found.file, entries), { flag: 'wx', mode: 0o644 });
      ctx.info(`Wrote ${terminalSafe(rel(referenceFileFor(p.found.file)))}.`);
    }
    ctx.info(`Imported ${report.imported.length}${report.renamed.length ? `, ${report.renamed.length} under a new name (the name was taken with another value)` : ''}${reuse.size ? `; reused ${reuse.size} already in the vault with the same value` : ''}.`);
    warnExposed(ctx, exposed, rel);
    if (await ask(`Remove the plaintext originals (${plans.map((p) => rel(p.found.file)).join(', ')})?`)) {
      for (const p of plans) fs.rmSync(p.found.file);
      ctx.info(`Removed ${plans.length} plaintext file${plans.length === 1 ? '' : 's'}. (Deleting does not wipe the disk blocks or any copies.)`);
    }
    const gitignoreDir = root ?? dir;
    const gitignore = path.join(gitignoreDir, '.gitignore');
    const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
    const add = gitignoreAdditions(existing, plans.filter((p) => !p.found.ignored).map((p) => p.found.file));
    if (add && (await ask(`Add ${plans.filter((p) => !p.found.ignored).map((p) => path.basename(p.found.file)).join(', ')} to ${rel(gitignore)}?`))) {
      fs.appendFileSync(gitignore, add);
      ctx.info(`Updated ${terminalSafe(rel(gitignore))}.`);
    }
    ctx.info(`Done. Run your program with: keyhold run --env-file ${path.basename(referenceFileFor(plans[0]!.found.file))} -- COMMAND`);
    return 0;
  });
}

/** Secret rows to import; a taken name whose value is the same is reused instead of renamed. */
function migrationPlan(vault: VaultApi, plans: FilePlan[], exposed: FilePlan[], onClash: 'rename' | 'fail', ctx: CommandContext): { plan: ImportPlan; reuse: Set<string> } {
  const choices = planChoices(ctx);
  const taken = new Map(vault.list({ scope: 'all' }).map((m) => [m.name, m]));
  const reuse = new Set<string>();
  const files = plans.map((p) => {
    const entries = p.parsed.entries.filter((e) => {
      if (p.plain.has(e.variable ?? '')) return false;
      const existing = taken.get(e.name);
      if (existing && existing.trashedAt === null && vault.readValue(existing.id, 'reveal', ctx.origin) === e.value) {
        reuse.add(`${p.found.file}\0${e.name}`);
        return false;
      }
      return true;
    }).map((e) => (exposed.includes(p) ? exposedEntry(e, p, ctx.now()) : e));
    return { file: p.found.file, parsed: { ...p.parsed, entries, skipped: [] } };
  });
  const plan = buildPlan(files, taken.keys(), {
    onClash,
    tags: choices.tags,
    ...(choices.environment ? { environment: choices.environment } : {}),
  });
  // Reused rows are kept in the plan for the reference file, as rows without an item.
  for (const p of plans) {
    for (const e of p.parsed.entries) {
      if (reuse.has(`${p.found.file}\0${e.name}`)) {
        plan.rows.push({ file: p.found.file, where: e.where, name: e.name, target: e.name, action: 'skip', reason: 'already in the vault with this value', service: '', environment: 'other', tags: [], clash: true });
      }
    }
  }
  return { plan, reuse };
}

function exposedEntry<T extends { tags?: string[]; notes?: string }>(e: T, p: FilePlan, now: number): T {
  const where = p.tracked ? 'tracked by git' : `in git history (${p.commits} commit${p.commits === 1 ? '' : 's'})`;
  return {
    ...e,
    tags: [...(e.tags ?? []), EXPOSED_TAG],
    notes: `${e.notes ? `${e.notes}\n` : ''}Exposed: ${path.basename(p.found.file)} was ${where} when keyhold migrate moved it (${new Date(now).toISOString().slice(0, 10)}). Rotate this key.`,
  };
}

function applyMigration(vault: VaultApi, plan: ImportPlan, ctx: CommandContext): ImportReport {
  const items = plan.rows.filter((r) => r.item).map((r) => r.item!);
  vault.importMany(items, 'keyhold migrate', ctx.origin);
  const r: ImportReport = { imported: [], renamed: [], skipped: [], rejected: [] };
  for (const row of plan.rows) {
    if (!row.item) continue;
    r.imported.push({ name: row.target, from: row.file });
    if (row.action === 'rename') r.renamed.push({ from: row.name, to: row.target, file: row.file });
  }
  return r;
}

function warnExposed(ctx: CommandContext, exposed: FilePlan[], rel: (f: string) => string): void {
  for (const p of exposed) {
    const how = p.tracked ? 'is tracked by git' : `appears in git history (${p.commits} commit${p.commits === 1 ? '' : 's'})`;
    ctx.info(`warning: ${terminalSafe(rel(p.found.file))} ${how}: its keys were exposed to everyone with the repository. Rotate them, do not just move them: keyhold ls --tag ${EXPOSED_TAG}`);
    if (p.tracked) ctx.info(`  also stop tracking it: git rm --cached ${terminalSafe(rel(p.found.file))}`);
  }
}

function planText(plans: FilePlan[], rel: (f: string) => string): string {
  let text = '';
  for (const p of plans) {
    const flags = [p.found.ignored ? 'ignored by git' : 'NOT ignored by git', p.tracked ? 'TRACKED by git' : '', p.commits ? `in ${p.commits} commit${p.commits === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    text += `${terminalSafe(rel(p.found.file))} (${flags}) -> ${terminalSafe(path.basename(referenceFileFor(p.found.file)))}\n`;
    const rows = Object.entries(p.vars).map(([variable, value]) => {
      const entry = p.parsed.entries.find((e) => e.variable === variable);
      return [variable, value === '' ? 'empty: stays' : p.plain.has(variable) ? 'setting: stays as text' : `secret -> ${terminalSafe(entry?.name ?? '?')}`];
    });
    text += table(['VARIABLE', 'PLAN'], rows).replace(/^(?=.)/gm, '  ');
  }
  return text + '(values not shown)\n';
}
