// keyhold share create|open|ls: time-limited encrypted bundles for teammates (age + Ed25519).
import { terminalSafe } from '../../../shared/text.ts';
import { shellQuote } from '../quote.ts';
import fs from 'node:fs';
import path from 'node:path';
import { contactNameSchema } from '../../../shared/contract.ts';
import { KeyholdError, isKeyholdError } from '../../../shared/errors.ts';
import {
  createBundle, DEFAULT_EXPIRY_SECONDS, importBundle, importPlan, listSentRecords, sentTo, MIN_PASSPHRASE_LENGTH, needsPassphrase, openBundle,
  parseDuration, readBundleFile, recordSentFile, sharedNeedsRotation, writeNewFile, type OpenedBundle, type ShareEnv,
} from '../../share/index.ts';
import type { VaultApi } from '../../vault/api.ts';
import {
  jsonOption, optFlag, optList, optString, vaultOption, type Command, type CommandContext, type CommandGroup, type OptionValues,
} from '../command.ts';
import { EXIT_CODES, UsageError } from '../exit-codes.ts';
import { readFirstLine } from '../first-line.ts';
import { localDate, localTime, relativeTime, table } from '../format.ts';
import { confirm, readHidden, terminal } from '../terminal.ts';

/** Said with every passphrase bundle's preview: the passphrase, not the reader, is what it is sealed to. */
const PASSPHRASE_WARNING = `Warning: a passphrase bundle is not tied to its reader. Anyone with the passphrase can
open it, and can seal it again under a new passphrase for someone else: it would still show
as from this sender, signature and all. Import it only if it came to you from the sender,
and only if it is meant for you.`;

const EXPIRY_NOTE = `
Expiry cannot take back what was opened in time: whoever opened the bundle keeps the
values. Rotate shared credentials after the bundle expires; 'keyhold share ls' and
'keyhold ls --attention' show which still need it.`;

const createCmd: Command = {
  name: 'create',
  summary: 'Put credentials in an encrypted bundle for contacts or a passphrase, valid for a limited time',
  usage: 'keyhold share create NAME... (--to CONTACT... | --passphrase [--for PERSON...]) [--expires-in DURATION] [--message TEXT] -o FILE',
  details: `
The bundle is an age-encrypted file (age-encryption.org/v1) for the contacts given with
--to, or for a passphrase. It carries the credentials' values and details (not their
history), who sent it and when it expires, signed with this vault's key. DURATION is a
number with s, m, h or d (90s, 24h, 7d); the default is 24h, the most 30d. The passphrase
is asked twice without echo, or read from the first line of --passphrase-file; never from
the command line. --for names whom a passphrase bundle is meant for: the names are signed
into it and shown to whoever opens it, so a copy passed on to someone else says it was not
meant for them. A teammate without Keyhold can open a bundle with the age CLI.
${EXPIRY_NOTE}`,
  options: {
    ...vaultOption,
    to: { type: 'string', multiple: true, valueName: 'CONTACT', help: 'encrypt to this contact (repeatable)' },
    passphrase: { type: 'boolean', help: 'encrypt to a passphrase, asked without echo' },
    'passphrase-file': { type: 'string', valueName: 'FILE', help: 'read the passphrase from the first line of FILE (implies --passphrase)' },
    for: { type: 'string', multiple: true, valueName: 'PERSON', help: 'with --passphrase: whom the bundle is for, shown to the reader (repeatable)' },
    'expires-in': { type: 'string', valueName: 'DURATION', help: 'lifetime, e.g. 90s, 24h, 7d (default 24h, at most 30d)' },
    message: { type: 'string', valueName: 'TEXT', help: 'a note for the recipient (not secret: do not put values here)' },
    output: { type: 'string', short: 'o', valueName: 'FILE', help: 'where to write the bundle (an existing file is never replaced; - for stdout)' },
  },
  args: { min: 1, max: Infinity },
  run: (ctx) => create(ctx, ctx.args),
};

const openCmd: Command = {
  name: 'open',
  summary: 'Preview a bundle (sender, fingerprint, expiry, names), or import it',
  usage: 'keyhold share open FILE|- [--import [--rename OLD=NEW]... [--trust-sender FINGERPRINT]] [--passphrase-file FILE]',
  details: `
Without --import nothing is added: it shows who sent the bundle, the sender's fingerprint,
whom it is for, when it expires, the credential names (never the values), and whether this
vault imported it already (it imports once). A bundle is refused when it has expired (with
a 5-minute allowance for clock differences), its signature fails, it was not made for this
vault, or it is over 1 MiB; --import also refuses one imported before. A sender who is not
a contact is accepted only after you confirm the fingerprint on the terminal, or with
--trust-sender FINGERPRINT after checking it with them. A passphrase bundle asks for the
passphrase without echo, or reads it from --passphrase-file.
${EXPIRY_NOTE}`,
  options: {
    ...vaultOption,
    ...jsonOption,
    import: { type: 'boolean', help: 'import the credentials into this vault' },
    rename: { type: 'string', multiple: true, valueName: 'OLD=NEW', help: 'with --import: import OLD under the name NEW (repeatable)' },
    'trust-sender': { type: 'string', valueName: 'FINGERPRINT', help: 'with --import: accept a sender who is not a contact' },
    'passphrase-file': { type: 'string', valueName: 'FILE', help: 'read the passphrase from the first line of FILE' },
  },
  args: { min: 1, max: 1 },
  run: (ctx) => open(ctx, ctx.args),
};

const lsCmd: Command = {
  name: 'ls',
  summary: 'List bundles sent: to whom, what, when they expire, what needs rotating',
  usage: 'keyhold share ls [--json]',
  options: { ...vaultOption, ...jsonOption },
  args: { min: 0, max: 0 },
  run: (ctx) => list(ctx),
};

export const shareCommand: CommandGroup = {
  name: 'share',
  summary: 'Send credentials to teammates in encrypted bundles that expire, and open them',
  subcommands: [createCmd, openCmd, lsCmd],
};

function passphraseFrom(file: string): string {
  return readFirstLine(file, `the passphrase file ${file}`);
}

async function newPassphrase(opts: OptionValues): Promise<string> {
  const file = optString(opts, 'passphrase-file');
  if (file !== undefined) return passphraseFrom(file);
  const term = terminal();
  if (!term) throw new UsageError('--passphrase asks on a terminal; without one, use --passphrase-file FILE');
  const first = await readHidden(term, 'Passphrase for the bundle: ');
  if ([...first].length < MIN_PASSPHRASE_LENGTH) throw new KeyholdError('INVALID_INPUT', `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  if ((await readHidden(term, 'Repeat the passphrase: ')) !== first) throw new KeyholdError('INVALID_INPUT', 'The two passphrases do not match.');
  return first;
}

async function create(ctx: CommandContext, names: string[]): Promise<number> {
  const to = optList(ctx.opts, 'to') ?? [];
  const byPassphrase = optFlag(ctx.opts, 'passphrase') || optString(ctx.opts, 'passphrase-file') !== undefined;
  if (to.length && byPassphrase) throw new UsageError('use either --to CONTACT... or --passphrase, not both');
  if (!to.length && !byPassphrase) throw new UsageError('say who can open the bundle: --to CONTACT (repeatable) or --passphrase');
  const intendedFor = optList(ctx.opts, 'for') ?? [];
  if (intendedFor.length && !byPassphrase) throw new UsageError('--for names the people a passphrase bundle is for; with --to the contacts are named already');
  const badName = intendedFor.find((n) => !contactNameSchema.safeParse(n).success);
  if (badName !== undefined) {
    throw new KeyholdError('INVALID_INPUT', `--for '${terminalSafe(badName.slice(0, 100))}': a name uses letters, digits and . _ @ + - only (e.g. carol or carol@example.com), at most 100 characters.`);
  }
  const out = optString(ctx.opts, 'output');
  if (!out) throw new UsageError("'share create' needs -o FILE, where to write the bundle");
  const expiresText = optString(ctx.opts, 'expires-in');
  let expiresInSeconds = DEFAULT_EXPIRY_SECONDS;
  if (expiresText !== undefined) {
    try {
      expiresInSeconds = parseDuration(expiresText);
    } catch (e) {
      throw new UsageError(`--expires-in: ${(e as Error).message}`);
    }
  }
  const toStdout = out === '-';
  if (toStdout && ctx.stdoutIsTTY) throw new UsageError("'share create -o -' writes the bundle to standard output, which is a terminal: redirect it to a file or a pipe");
  const file = toStdout ? '-' : path.resolve(out);
  if (!toStdout && fs.existsSync(file)) throw new KeyholdError('ALREADY_EXISTS', `${file} already exists: choose another file name (nothing is overwritten).`);
  const passphraseFromFile = optString(ctx.opts, 'passphrase-file') !== undefined ? await newPassphrase(ctx.opts) : undefined;
  const vault = await ctx.unlock();
  const passphrase = byPassphrase ? (passphraseFromFile ?? (await newPassphrase(ctx.opts))) : undefined;
  const message = optString(ctx.opts, 'message');
  const { bytes, sent } = await createBundle(vault, {
    refs: names,
    to: passphrase !== undefined ? { kind: 'passphrase', passphrase, ...(intendedFor.length ? { intendedFor } : {}) } : { kind: 'contacts', names: to },
    expiresInSeconds,
    ...(message !== undefined ? { message } : {}),
  }, ctx.origin, { now: ctx.now });
  if (toStdout) process.stdout.write(bytes); // bytes, not text: ctx.out would re-encode them
  else {
    writeNewFile(file, bytes, 0o600);
    recordSentFile(vault, sent.bundleId, file);
  }
  const count = `${sent.credentialNames.length} credential${sent.credentialNames.length === 1 ? '' : 's'}`;
  const who = passphrase !== undefined ? `a passphrase${intendedFor.length ? ` (meant for ${intendedFor.join(', ')})` : ''}` : sent.recipients.join(', ');
  ctx.info(`Wrote ${toStdout ? 'the bundle to standard output' : file}: ${count} for ${who}, expires ${localTime(sent.expiresAt)} (${relativeTime(sent.expiresAt, ctx.now())}).`);
  if (passphrase !== undefined) ctx.info('Send the passphrase through a different channel than the file.');
  ctx.info('Whoever opens it before it expires keeps the values: rotate them after it expires (see keyhold share ls).');
  return 0;
}

function parseRenames(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of list) {
    const i = r.indexOf('=');
    if (i <= 0 || i === r.length - 1) throw new UsageError(`--rename: '${r.slice(0, 100)}' is not OLD=NEW`);
    out[r.slice(0, i)] = r.slice(i + 1);
  }
  return out;
}

/** Reports a refusal in the share's own words (the generic report would call WRONG_PASSWORD a wrong master password). */
function refusal(ctx: CommandContext, e: unknown): number {
  if (isKeyholdError(e) && e.code === 'WRONG_PASSWORD') {
    const hint = /protected by a passphrase/.test(e.message) ? ' Use --passphrase-file FILE, or run this on a terminal to be asked.' : '';
    ctx.info(`keyhold: ${e.message}${hint}`);
    return EXIT_CODES.WRONG_PASSWORD;
  }
  throw e;
}

async function open(ctx: CommandContext, args: string[]): Promise<number> {
  const doImport = optFlag(ctx.opts, 'import');
  const renames = parseRenames(optList(ctx.opts, 'rename') ?? []);
  const trust = optString(ctx.opts, 'trust-sender');
  if (!doImport && (Object.keys(renames).length || trust !== undefined)) throw new UsageError('--rename and --trust-sender go with --import');
  if (doImport && optFlag(ctx.opts, 'json')) throw new UsageError('--json goes with the preview, not with --import');
  const file = args[0] === '-' ? '-' : path.resolve(args[0]!);
  const bytes = readBundleFile(file);
  let passphrase: string | undefined;
  const passFile = optString(ctx.opts, 'passphrase-file');
  if (passFile !== undefined) passphrase = passphraseFrom(passFile);
  const vault = await ctx.unlock();
  const env: ShareEnv = { now: ctx.now };
  if (passphrase === undefined && wantsPassphrase(bytes)) {
    const term = terminal();
    // Without a terminal, openBundle refuses (and records) the bundle for want of a passphrase.
    if (term) passphrase = await readHidden(term, 'Passphrase of the bundle: ');
  }
  let opened: OpenedBundle;
  try {
    opened = await openBundle(vault, bytes, passphrase !== undefined ? { passphrase } : {}, ctx.origin, env);
  } catch (e) {
    return refusal(ctx, e);
  }
  if (!doImport) {
    if (optFlag(ctx.opts, 'json')) ctx.out(JSON.stringify(previewJson(vault, opened), null, 2) + '\n');
    else ctx.out(previewText(vault, opened, ctx.now(), args[0]!));
    return 0;
  }
  let accepted = trust;
  // An imported bundle is refused below whoever sent it: no need to ask about the sender.
  if (accepted === undefined && opened.sender.contactName === null && opened.alreadyImportedAt === null) {
    const term = terminal();
    if (term) {
      ctx.info(`The sender is not one of your contacts. Their fingerprint is ${opened.sender.fingerprint}.`);
      ctx.info('Compare it with the sender by voice or another channel before you accept.');
      if (await confirm(term, 'Is this the fingerprint the sender gave you?')) accepted = opened.sender.fingerprint;
    }
  }
  let imported: string[];
  try {
    ({ imported } = importBundle(vault, opened, { renames, ...(accepted !== undefined ? { trustSenderFingerprint: accepted } : {}) }, ctx.origin, env));
  } catch (e) {
    throw withCliHint(e, opened);
  }
  const from = opened.sender.contactName ?? `sender ${opened.sender.fingerprint}`;
  ctx.info(`Imported ${imported.length} credential${imported.length === 1 ? '' : 's'} from ${from}: ${imported.join(', ')}.`);
  if (opened.sender.contactName === null) ctx.info(`To recognise this sender next time: keyhold contact add NAME '${opened.sender.line}'`);
  return 0;
}

function wantsPassphrase(bytes: Uint8Array): boolean {
  try {
    return needsPassphrase(bytes);
  } catch {
    return false; // not a readable age file: openBundle says so
  }
}

/** The module's refusal plus the command-line way out. */
function withCliHint(e: unknown, opened: OpenedBundle): unknown {
  if (!isKeyholdError(e)) return e;
  if (e.code === 'UNTRUSTED_SENDER' && !/does not match/.test(e.message)) {
    return new KeyholdError(e.code, `${e.message} (on the command line: --trust-sender ${opened.sender.fingerprint})`);
  }
  if (e.code === 'ALREADY_EXISTS') return new KeyholdError(e.code, `${e.message} Use --rename 'OLD=NEW'.`);
  return e;
}

function previewJson(vault: VaultApi, opened: OpenedBundle) {
  const plan = importPlan(vault, opened);
  return {
    bundleId: opened.bundleId, sender: opened.sender, createdAt: opened.createdAt, expiresAt: opened.expiresAt, message: opened.message,
    passphrase: opened.passphrase, intendedFor: opened.intendedFor, payloadVersion: opened.payloadVersion, alreadyImportedAt: opened.alreadyImportedAt,
    credentials: opened.credentials.map((c, i) => ({
      name: c.name, service: c.service, environment: c.environment, keyType: c.keyType, expiresAt: c.expiresAt, rotationIntervalDays: c.rotationIntervalDays,
      clash: plan[i]!.clash,
    })),
  };
}

/** The file name as a shell word, for the hint line. */
function shellWord(s: string): string {
  return shellQuote(s);
}

function previewText(vault: VaultApi, opened: OpenedBundle, now: number, file: string): string {
  const plan = importPlan(vault, opened);
  const when = (iso: string) => `${localTime(iso)} (${relativeTime(iso, now)})`;
  // Everything a sender wrote is escaped: a message must not print "from: alice (contact)" over this line.
  const from = opened.sender.contactName ? `${terminalSafe(opened.sender.contactName)} (contact)` : 'unknown sender: not one of your contacts';
  let text = `bundle:      ${terminalSafe(opened.bundleId)}\nfrom:        ${from}\nfingerprint: ${terminalSafe(opened.sender.fingerprint)}\n`;
  text += `created:     ${when(opened.createdAt)}\nexpires:     ${when(opened.expiresAt)}\n`;
  const named = opened.intendedFor.map((n) => terminalSafe(n)).join(', ');
  if (opened.passphrase) {
    text += `for:         ${named ? `${named} (names the sender typed)` : 'nobody named by the sender'}\n`;
    text += 'protected:   by a passphrase\n';
  } else if (named) text += `for:         ${named} (the sender's contact names)\n`;
  if (opened.message) text += `message:     ${terminalSafe(opened.message)}\n`;
  if (opened.alreadyImportedAt !== null) {
    text += `imported:    already imported${opened.alreadyImportedAt ? ` on ${localDate(opened.alreadyImportedAt)}` : ''}: a bundle imports once, so --import refuses it\n`;
  }
  if (opened.passphrase) text += `\n${PASSPHRASE_WARNING}\n`;
  text += `\n${opened.credentials.length} credential${opened.credentials.length === 1 ? '' : 's'} (values not shown):\n`;
  text += table(['NAME', 'SERVICE', 'ENV', 'TYPE', ''], opened.credentials.map((c, i) => [
    c.name, c.service || '-', c.environment, c.keyType, plan[i]!.clash ? 'name taken here: import with --rename' : '',
  ])).replace(/^(?=.)/gm, '  ');
  if (opened.alreadyImportedAt === null) text += `\nImport with: keyhold share open ${shellWord(file)} --import\n`;
  return text;
}

async function list(ctx: CommandContext): Promise<number> {
  const vault = await ctx.unlock();
  const now = ctx.now();
  const sent = listSentRecords(vault);
  const metas = new Map(vault.list({ scope: 'all' }).map((m) => [m.id, m]));
  const rows = sent.map((s) => {
    const due = s.credentialIds.map((id) => metas.get(id)).filter((m) => m !== undefined && sharedNeedsRotation(m, [s], now)).map((m) => m!.name);
    const expired = Date.parse(s.expiresAt) <= now;
    return { s, due, state: !expired ? 'active' : due.length ? `expired: rotate ${due.join(', ')}` : 'expired' };
  });
  if (optFlag(ctx.opts, 'json')) {
    ctx.out(JSON.stringify(rows.map(({ s, due }) => ({
      bundleId: s.bundleId, createdAt: s.createdAt, expiresAt: s.expiresAt, recipients: s.recipients, intendedFor: s.intendedFor ?? [], credentialNames: s.credentialNames,
      file: s.file, needsRotation: due,
    })), null, 2) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    ctx.info("No bundles sent yet. Make one with 'keyhold share create NAME --to CONTACT -o FILE'.");
    return 0;
  }
  ctx.out(table(['SENT', 'EXPIRES', 'TO', 'CREDENTIALS', 'STATUS'], rows.map(({ s, state }) => [
    localTime(s.createdAt), relativeTime(s.expiresAt, now), sentTo(s), s.credentialNames.join(', '), state,
  ])));
  return 0;
}
