// The places on a developer's machine where a key typically ends up in plaintext.
import fs from 'node:fs';
import path from 'node:path';

export const HOME_FILES = [
  '.bash_history', '.zsh_history', '.zhistory', '.local/share/fish/fish_history',
  '.npmrc', '.netrc', '.git-credentials', '.aws/credentials', '.docker/config.json', '.config/gh/hosts.yml',
] as const;

/** The listed files that exist under `home` (regular files only). */
export function homeFiles(home: string): string[] {
  return HOME_FILES.map((f) => path.join(home, f)).filter((p) => {
    try {
      return fs.lstatSync(p).isFile();
    } catch {
      return false;
    }
  });
}
