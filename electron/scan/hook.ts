// `keyhold scan --install-hook`: a git pre-commit hook that runs `keyhold scan --staged` with the
// absolute paths of the Node and keyhold that installed it, so it works from any shell or IDE.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { KeyholdError } from '../../shared/errors.ts';
import { requireRepo } from './git.ts';

export const HOOK_MARKER = '# keyhold pre-commit hook';

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function hookScript(node: string, bin: string, vaultPath: string, exits: { found: number; locked: number; noVault: number }): string {
  return `#!/bin/sh
${HOOK_MARKER}: blocks a commit whose staged changes hold a value stored in your Keyhold vault.
# Installed by 'keyhold scan --install-hook'. Skip it once with 'git commit --no-verify'; delete this file to remove it.
# Set KEYHOLD_HOOK_WHEN_LOCKED=allow to let commits through (with a warning) while the vault cannot be unlocked.
KEYHOLD_NODE=${shellQuote(node)}
KEYHOLD_BIN=${shellQuote(bin)}
export KEYHOLD_VAULT="\${KEYHOLD_VAULT:-${vaultPath.replace(/["\\$`]/g, '\\$&')}}"
if [ ! -x "$KEYHOLD_NODE" ] || [ ! -f "$KEYHOLD_BIN" ]; then
  echo "keyhold pre-commit: keyhold is no longer at $KEYHOLD_BIN; run 'keyhold scan --install-hook' again (or commit with --no-verify)." >&2
  exit 1
fi
"$KEYHOLD_NODE" "$KEYHOLD_BIN" scan --staged
status=$?
case $status in
  0) exit 0 ;;
  ${exits.found}) echo "keyhold pre-commit: commit blocked: remove the stored values above from the staged files (git restore --staged FILE), then commit again." >&2; exit 1 ;;
  ${exits.locked}|${exits.noVault}|3|4)
    echo "keyhold pre-commit: could not unlock the vault to check the staged changes." >&2
    echo "  Unlock it for this commit: run git commit in a terminal (keyhold asks for the master password)," >&2
    echo "  or set KEYHOLD_PASSWORD_COMMAND / KEYHOLD_PASSWORD_FILE, or use a running keyhold agent." >&2
    if [ "$KEYHOLD_HOOK_WHEN_LOCKED" = allow ]; then
      echo "keyhold pre-commit: NOT checked; committing anyway (KEYHOLD_HOOK_WHEN_LOCKED=allow)." >&2
      exit 0
    fi
    echo "  Commit without the check: git commit --no-verify" >&2
    exit 1 ;;
  *) echo "keyhold pre-commit: the check failed (exit $status); commit blocked. Commit without it: git commit --no-verify" >&2; exit 1 ;;
esac
`;
}

/** Writes the hook into the repository at `cwd` (respecting core.hooksPath). Returns its path. */
export function installHook(cwd: string, script: string): { path: string; replaced: boolean } {
  const repo = requireRepo(cwd);
  const r = spawnSync('git', ['-C', repo, 'rev-parse', '--git-path', 'hooks'], { encoding: 'utf8' });
  if (r.status !== 0) throw new KeyholdError('IO', 'git could not tell where its hooks live');
  const dir = path.resolve(repo, r.stdout.trim());
  const file = path.join(dir, 'pre-commit');
  let replaced = false;
  if (fs.existsSync(file)) {
    const current = fs.readFileSync(file, 'utf8');
    if (!current.includes(HOOK_MARKER)) {
      throw new KeyholdError('ALREADY_EXISTS', `${file} already exists and is not Keyhold's. Add this line to it instead: keyhold scan --staged || exit 1`);
    }
    replaced = true;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, script, { mode: 0o755 });
  fs.chmodSync(file, 0o755);
  return { path: file, replaced };
}
