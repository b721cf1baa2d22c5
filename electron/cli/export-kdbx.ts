// `keyhold export --format kdbx`: leaving Keyhold for KeePass/KeePassXC. A KDBX 4 (Argon2id)
// database with every credential, its value, previous values, tags (as groups) and notes; the
// database password from a no-echo prompt (asked twice) or --passphrase-file. The export command
// (commands/export.ts) hands --format kdbx to this module.
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';
import { optFlag, optString, type CommandContext, type OptionSpecs } from './command.ts';
import { UsageError } from './exit-codes.ts';
import { readFirstLine } from './first-line.ts';
import { confirm, readHidden, terminal } from './terminal.ts';
import { withFileVault } from './file-vault.ts';

const MIN_PASSPHRASE = 8;

export const kdbxExportOptions: OptionSpecs = {
  'passphrase-file': { type: 'string', valueName: 'FILE', help: "kdbx: the new database's password, first line of FILE (else asked twice)" },
};

export const KDBX_EXPORT_HELP = `
--format kdbx -o FILE writes a KDBX 4 database encrypted with Argon2id that KeePassXC and
KeePass open, holding every credential not in the trash (disabled and expired ones too) with
its value, previous values (as entry history), notes and expiry. The first tag is the entry's
group; all tags are KDBX tags; service, environment, key type, status, scopes and allowed
IPs/domains are custom fields. Its password is asked twice without echo or read from the first
line of --passphrase-file. The file gets mode 0600 and is never written over an existing one.`;

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

/** `keyhold export --format kdbx -o FILE`: every credential not in the trash, to a new KDBX 4 file. */
export async function exportKdbx(ctx: CommandContext): Promise<number> {
  if (ctx.args.length || ctx.opts.tag !== undefined || ctx.opts.env !== undefined) throw new UsageError('--format kdbx exports the whole vault (leaving must not lose anything): drop NAME, --tag and --env');
  if (ctx.opts.force !== undefined) throw new UsageError('--format kdbx never replaces a file: choose a new one');
  const out = optString(ctx.opts, 'output');
  if (!out || out === '-') throw new UsageError("'export --format kdbx' needs -o FILE (a binary database is not for standard output)");
  const file = path.resolve(out);
  if (fs.existsSync(file)) throw new KeyholdError('ALREADY_EXISTS', `${file} already exists: choose another file name (nothing is overwritten).`);
  const { buildKdbx } = await import('../import/kdbx-export.ts');
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
