// `keyhold migrate`: the plan for moving a project's plaintext .env files into the vault.
// This module finds the files, sorts each variable into secret or plain setting, and writes
// the reference files; the CLI asks and applies.
import fs from 'node:fs';
import path from 'node:path';
import { formatEnvFile, formatEnvLine } from '../refs/env-file.ts';
import { formatReference } from '../refs/reference.ts';
import { gitRoot, ignoredPaths } from './git.ts';

const SKIP_DIRS = new Set(['node_modules', '.git']);
/** Templates hold no secrets by convention: reported, left alone. */
const TEMPLATE = /\.(example|sample|template|dist|defaults)$/i;
export const REFERENCE_SUFFIX = '.keyhold';

export interface FoundEnvFile {
  file: string;
  /** .gitignore ignores it (good: it was never meant to be committed). */
  ignored: boolean;
  /** Why it is left alone, or null when it is to be migrated. */
  leftAlone: string | null;
}

function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

/**
 * `.env*` files under `dir`. Folders that .gitignore ignores (build output, caches) and
 * node_modules are not searched; ignored .env files themselves are found and marked.
 */
export function findEnvFiles(dir: string): FoundEnvFile[] {
  const root = gitRoot(dir);
  const found: string[] = [];
  const inIgnoredFolders: string[] = [];
  let level = [path.resolve(dir)];
  while (level.length) {
    const next: string[] = [];
    for (const d of level) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        const p = path.join(d, e.name);
        if (e.isDirectory() && !SKIP_DIRS.has(e.name)) next.push(p);
        else if (e.isFile() && isEnvFileName(e.name)) found.push(p);
      }
    }
    const ignoredDirs = root ? ignoredPaths(root, next.map((p) => p + '/')) : new Set<string>();
    const skipped = (p: string) => ignoredDirs.has(p) || ignoredDirs.has(p + '/');
    for (const p of next.filter(skipped)) inIgnoredFolders.push(...envFilesBelow(p));
    level = next.filter((p) => !skipped(p));
  }
  const ignored = root ? ignoredPaths(root, found) : new Set<string>();
  const reported = inIgnoredFolders.map((file) => ({ file, ignored: true, leftAlone: `in a folder .gitignore ignores: run keyhold migrate on that folder to include it` }));
  return [...reported, ...found.sort().map((file) => ({
    file,
    ignored: ignored.has(file),
    leftAlone: file.endsWith(REFERENCE_SUFFIX) ? 'a Keyhold reference file'
      : TEMPLATE.test(file) ? 'a template (no secrets by convention)'
        : fs.existsSync(file + REFERENCE_SUFFIX) ? `${path.basename(file)}${REFERENCE_SUFFIX} already exists beside it` : null,
  }))];
}

/** .env files anywhere below an ignored folder, only to report them (at most 100). */
function envFilesBelow(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length && out.length < 100) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) stack.push(path.join(d, e.name));
      else if (e.isFile() && isEnvFileName(e.name) && !e.name.endsWith(REFERENCE_SUFFIX)) out.push(path.join(d, e.name));
    }
  }
  return out.sort();
}

const SECRET_NAME = /KEY|SECRET|TOKEN|PASSW|PWD|PASS\b|_PASS|PRIVATE|CREDENTIAL|AUTH|SALT|SIGNATURE|CERT|DSN|SESSION|COOKIE|WEBHOOK|BEARER/i;
const PLAIN_WORD = /^(true|false|yes|no|on|off|enabled?|disabled?|development|production|staging|test|local|debug|info|warn|warning|error|trace|silent|localhost|[0-9.:]+)$/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s@]*:[^/\s@]+@/i;
const URL_PLAIN = /^[a-z][a-z0-9+.-]*:\/\/[^\s@]+$/i;
const SHORT_WORDS = /^[a-z][a-z0-9._/-]{0,23}$/;

/**
 * The documented heuristic: a variable is a plain setting when its name has no secret-like
 * word (KEY, SECRET, TOKEN, PASSWORD, AUTH, ...) and its value is a number, a boolean, a log
 * level or environment word, a URL without a password, or a short lowercase word or path.
 * Everything else is a secret: when unsure, the value goes into the vault.
 */
export function looksPlain(variable: string, value: string): boolean {
  if (SECRET_NAME.test(variable)) return false;
  if (URL_WITH_PASSWORD.test(value)) return false;
  return PLAIN_WORD.test(value) || URL_PLAIN.test(value) || SHORT_WORDS.test(value) || value.startsWith('/');
}

/** Whether dotenv can carry the value as plain text in the reference file. */
export function writablePlain(variable: string, value: string): boolean {
  try {
    formatEnvLine(variable, value);
    return true;
  } catch {
    return false;
  }
}

export function referenceFileFor(file: string): string {
  return file + REFERENCE_SUFFIX;
}

/** The reference file: references for secrets, literal text for settings, same order. */
export function referenceFileText(source: string, vars: { variable: string; secretName: string | null; value: string }[]): string {
  const header = `Made by 'keyhold migrate' from ${path.basename(source)}: safe to commit, it holds no secret.\nRun with: keyhold run --env-file ${path.basename(referenceFileFor(source))} -- COMMAND`;
  return formatEnvFile(vars.map((v) => ({ variable: v.variable, value: v.secretName === null ? v.value : formatReference(v.secretName) })), header);
}

/** Lines that make git ignore the originals but keep the reference files. */
export function gitignoreAdditions(existing: string, originals: string[]): string {
  const have = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const lines = [...new Set(originals.map((f) => path.basename(f)))].filter((n) => !have.has(n) && !have.has(`/${n}`));
  if (!lines.length) return '';
  return `${existing === '' || existing.endsWith('\n') ? '' : '\n'}# plaintext env files stay out of git (keyhold migrate); the *.keyhold reference files are committed\n${lines.join('\n')}\n`;
}
