// keyhold export --format kdbx -o FILE: take every credential out, to a file another password
// manager opens. Each format is one module; `kdbx` writes a KDBX 4 (Argon2id) database.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import { optFlag, optString, vaultOption, type Command, type CommandContext } from '../command.ts';
import { UsageError } from '../exit-codes.ts';
import { readFirstLine } from '../first-line.ts';
import { parseChoice } from '../parse.ts';
import { confirm, readHidden, terminal } from '../terminal.ts';
import { withFileVault } from '../file-vault.ts';

export const EXPORT_FORMATS = ['kdbx'] as const;
const MIN_PASSPHRASE = 8;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export every credential to a KeePass database (KDBX 4, Argon2id), to leave or keep a copy elsewhere',
  usage: 'keyhold export --format kdbx -o FILE [--passphrase-file FILE] [--yes]',
  details: `
kdbx: a KDBX 4 database encrypted with Argon2id that KeePassXC and KeePass open, holding
every credential not in the trash (disabled and expired ones too) with its value, previous
values (as entry history), notes and expiry. The first tag is the entry's group; all tags
are KDBX tags; service, environment, key type, status, scopes and allowed IPs/domains are
custom fields. The database password is asked twice without echo or read from the first
line of --passphrase-file. Every value read is in the audit trail (export). The file gets
mode 0600; an existing file is never replaced. On a terminal it asks first (--yes skips).`,
  options: {
    ...vaultOption,
    format: { type: 'string', valueName: 'FORMAT', help: `${EXPORT_FORMATS.join(', ')}` },
    output: { type: 'string', short: 'o', valueName: 'FILE', help: 'where to write (an existing file is never replaced)' },
    'passphrase-file': { type: 'string', valueName: 'FILE', help: "the new database's password: first line of FILE" },
    yes: { type: 'boolean', short: 'y', help: 'do not ask for confirmation' },
  },
  args: { min: 0, max: 0 },
  run: (ctx) => runExport(ctx),
};

async function passphrase(ctx: CommandContext): Promise<string> {
  const file = optString(ctx.opts, 'passphrase-file');
  if (file !== undefined) return readFirstLine(file, `--passphrase-file (${file})`);
  const term = terminal();
  if (!term) throw new UsageError('the KeePass database needs a password: use --passphrase-file FILE, or run on a terminal to be asked');
  const first = await readHidden(term, 'Password for the new KeePass database: ');
  if ([...first].length < MIN_PASSPHRASE) throw new KeyholdError('INVALID_INPUT', `Use a password of at least ${MIN_PASSPHRASE} characters.`);
  if ((await readHidden(term, 'Repeat the password: ')) !== first) throw new KeyholdError('INVALID_INPUT', 'The two passwords do not match.');
  return first;
}

async function runExport(ctx: CommandContext): Promise<number> {
  const formatText = optString(ctx.opts, 'format');
  if (formatText === undefined) throw new UsageError(`say the format: --format ${EXPORT_FORMATS.join('|')}`);
  parseChoice(formatText, EXPORT_FORMATS, '--format');
  const out = optString(ctx.opts, 'output');
  if (!out) throw new UsageError("'export --format kdbx' needs -o FILE");
  const file = path.resolve(out);
  if (fs.existsSync(file)) throw new KeyholdError('ALREADY_EXISTS', `${file} already exists: choose another file name (nothing is overwritten).`);
  const { buildKdbx } = await import('../../import/kdbx-export.ts');
  return withFileVault(ctx, async (vault) => {
    const metas = vault.list();
    if (!optFlag(ctx.opts, 'yes')) {
      const term = terminal();
      if (term && !(await confirm(term, `Write all ${metas.length} credentials with their values to ${file}?`))) throw new KeyholdError('CANCELLED', 'Cancelled: nothing was written.');
    }
    const pass = await passphrase(ctx);
    const values = vault.exportValues(metas.map((m) => m.id), `kdbx file ${path.basename(file)}`.slice(0, 900), ctx.origin);
    const bytes = await buildKdbx(metas.map((meta, i) => ({ meta, value: values[i]!.value, previous: values[i]!.previous })), pass);
    try {
      fs.writeFileSync(file, bytes, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyholdError('ALREADY_EXISTS', `${file} already exists: choose another file name (nothing is overwritten).`);
      throw new KeyholdError('IO', `Cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
    } finally {
      bytes.fill(0);
    }
    ctx.info(`Wrote ${file}: ${metas.length} credential${metas.length === 1 ? '' : 's'} in a KDBX 4 database (Argon2id). Open it with KeePassXC or keepassxc-cli.`);
    return 0;
  });
}
