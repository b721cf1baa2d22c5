// keyhold scan: where do your own stored values sit in plaintext? Files, git history, staged
// changes, the usual places in HOME. Reports credential names, files and lines; never values.
import fs from 'node:fs';
import os from 'node:os';
import { KeyholdError } from '../../../shared/errors.ts';
import { terminalSafe } from '../../../shared/text.ts';
import { EXIT_CODES, EXIT_FINDINGS } from '../exit-codes.ts';
import { jsonOption, optFlag, optString, vaultOption, type Command } from '../command.ts';
import { parseInteger } from '../parse.ts';
import { Scan, type ScanResult, type ValueHit } from '../../scan/scan.ts';
import type { ValueSource } from '../../scan/needles.ts';
import type { VaultApi } from '../../vault/api.ts';
import { DEFAULT_MAX_BYTES } from '../../scan/files.ts';
import { HOME_FILES } from '../../scan/home.ts';
import { MIN_NEEDLE_BYTES } from '../../scan/needles.ts';
import { hookScript, installHook } from '../../scan/hook.ts';
import { recordScan } from '../../scan/record.ts';

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function versionText(h: ValueHit): string {
  const which = h.current ? 'current value' : `old value, version ${h.valueVersion}`;
  return h.form === 'raw' ? which : `${which}, ${h.form === 'base64' ? 'base64-encoded' : 'percent-encoded'}`;
}

function where(h: { file: string; line: number; place: string; commit?: string }): string {
  const at = `${terminalSafe(h.file)}:${h.line}`;
  if (h.place === 'git') return `${at} in git history${h.commit ? `, first in commit ${h.commit.slice(0, 12)}` : ''}`;
  if (h.place === 'staged') return `${at} (staged)`;
  if (h.place === 'ignored') return `${at} (git-ignored, still plaintext on this machine)`;
  return at;
}

export function scanText(r: ScanResult, ms: number): string {
  const s = r.stats;
  const lines = [`Scanned ${s.files} file${s.files === 1 ? '' : 's'}${s.blobs ? ` and ${s.blobs} git blob${s.blobs === 1 ? '' : 's'}` : ''} (${mb(s.bytes)}) for ${s.values} stored value${s.values === 1 ? '' : 's'} in ${(ms / 1000).toFixed(2)} s.`];
  for (const h of r.hits) {
    const name = terminalSafe(h.name);
    if (h.place === 'home') lines.push(`FOUND ${name}: this stored key also sits in plaintext at ${where(h)} (${versionText(h)})`);
    else lines.push(`FOUND ${name} (${versionText(h)}) at ${where(h)}`);
  }
  for (const p of r.patterns) {
    lines.push(`LOOKS LIKE ${p.label}, not in your vault: ${where(p)}. Add it (keyhold add NAME --value-stdin) and rotate it at the provider.`);
  }
  const skipped = [
    s.binary && `${s.binary} binary`,
    s.tooLarge && `${s.tooLarge} over the size limit`,
    s.ignoredSkipped && `${s.ignoredSkipped} git-ignored (--no-ignore to include them)`,
    s.unreadable && `${s.unreadable} unreadable`,
  ].filter(Boolean);
  if (skipped.length) lines.push(`Skipped: ${skipped.join(', ')}.`);
  if (s.shortValues) lines.push(`${s.shortValues} value${s.shortValues === 1 ? ' is' : 's are'} shorter than ${MIN_NEEDLE_BYTES} bytes and not searched (they would match everywhere).`);
  if (r.hits.length === 0) lines.push('No stored value found.');
  return lines.join('\n') + '\n';
}

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Find where your stored keys sit in plaintext: files, git history, staged changes, HOME',
  usage: 'keyhold scan [PATH...] [--git-history] [--staged] [--home] [--no-ignore] [--json]\nkeyhold scan --install-hook',
  details: `
Looks for every stored value (current and previous versions, and their base64 and
percent-encoded forms) by exact match, and reports the credential's name, the file and the
line; never the value. Without PATH or mode it scans the current folder.
Files: skips binaries, .git, node_modules and files over --max-size (default 20 MiB);
git-ignored files are skipped unless --no-ignore (then reported as git-ignored: an ignored
.env is still plaintext on your disk).
--git-history reads every blob reachable from any ref of the repository here, once each,
and names the first commit and path where a value appears. --staged checks the changes
staged for the next commit. --install-hook adds a pre-commit hook that runs 'keyhold scan
--staged' and blocks the commit when it finds a stored value.
--home checks: ${HOME_FILES.map((f) => `~/${f}`).join(', ')}.
Strings that look like well-known keys (AWS, GitHub, Stripe, Slack, OpenAI, Google, PEM
private keys) but are not in the vault are listed too.
Exits with ${EXIT_FINDINGS} when a stored value was found. Results go to the audit trail and
to 'keyhold health'. Values are never written to disk in plaintext.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    'git-history': { type: 'boolean', help: 'scan every blob in the git history of the repository here' },
    staged: { type: 'boolean', help: 'scan the changes staged for the next commit' },
    home: { type: 'boolean', help: 'scan shell histories and credential files in your home folder' },
    'no-ignore': { type: 'boolean', help: 'also scan files git ignores (reported separately)' },
    'max-size': { type: 'string', valueName: 'MIB', help: 'skip files larger than this many MiB (default 20)' },
    'install-hook': { type: 'boolean', help: 'install a git pre-commit hook that runs keyhold scan --staged' },
  },
  args: { min: 0, max: Infinity },
  async run(ctx) {
    const cwd = process.cwd();
    if (optFlag(ctx.opts, 'install-hook')) {
      const bin = fs.realpathSync(process.argv[1] ?? '');
      const script = hookScript(process.execPath, bin, ctx.vaultPath, { found: EXIT_FINDINGS, locked: EXIT_CODES.LOCKED, noVault: EXIT_CODES.NO_VAULT });
      const { path, replaced } = installHook(cwd, script);
      ctx.info(`${replaced ? 'Updated' : 'Installed'} the pre-commit hook at ${terminalSafe(path)}: commits whose staged changes hold a stored value are blocked.`);
      return;
    }
    const maxText = optString(ctx.opts, 'max-size');
    const maxBytes = maxText === undefined ? DEFAULT_MAX_BYTES : parseInteger(maxText, '--max-size', 1, 4096) * 1024 * 1024;
    const gitHistory = optFlag(ctx.opts, 'git-history');
    const staged = optFlag(ctx.opts, 'staged');
    const home = optFlag(ctx.opts, 'home');
    const paths = ctx.args.length > 0 ? ctx.args : gitHistory || staged || home ? [] : ['.'];
    for (const p of paths) if (!fs.existsSync(p)) throw new KeyholdError('NOT_FOUND', `No such file or folder: ${terminalSafe(p)}`);

    const started = performance.now();
    // Listing files and looking for key formats needs no values: the workers do it while the
    // master password is read and Argon2 runs (off this thread); this thread walks the tree meanwhile.
    const scan = new Scan({ paths, gitHistory, staged, home, includeIgnored: optFlag(ctx.opts, 'no-ignore'), cwd, homeDir: ctx.env.HOME ?? os.homedir(), maxBytes });
    const unlocking = ctx.unlock();
    const planning = scan.plan(); // walks the tree in turns, while the unlock reads the password and runs Argon2
    let values: ValueSource[];
    let vault: VaultApi;
    try {
      vault = await unlocking;
      values = vault.readAllValues('scan', ctx.origin);
    } catch (e) {
      await Promise.allSettled([scan.abort(), unlocking, planning]); // settled, so a vault it opened gets closed
      throw e;
    }
    const result = await scan.finish(values);
    values.length = 0;
    const ms = performance.now() - started;
    const scope = [paths.length && `${paths.length} path${paths.length === 1 ? '' : 's'}`, gitHistory && 'git history', staged && 'staged changes', home && 'home'].filter(Boolean).join(', ');
    // A pre-commit check looks at a moment's staged changes only: it does not replace the last full scan.
    recordScan(vault, result, { scope, at: ctx.now(), origin: ctx.origin, keep: !(staged && paths.length === 0 && !gitHistory && !home) });
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify({
        hits: result.hits.map((h) => ({ credential: h.name, credentialId: h.credentialId, valueVersion: h.valueVersion, current: h.current, form: h.form, place: h.place, file: h.absolute, line: h.line, commit: h.commit ?? null })),
        unknownKeys: result.patterns.map((p) => ({ looksLike: p.label, place: p.place, file: p.absolute, line: p.line, commit: p.commit ?? null })),
        stats: result.stats,
        seconds: ms / 1000,
      }, null, 2) + '\n');
    } else ctx.out(scanText(result, ms));
    return result.hits.length > 0 ? EXIT_FINDINGS : 0;
  },
};
