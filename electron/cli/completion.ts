// Shell completion: the scripts `keyhold completion bash|zsh|fish` print ask
// `keyhold completion complete -- WORD...` for the candidates of the last word, so the rules live
// here once: commands, subcommands, options, and credential names, the last only while an agent
// (or the desktop app) is unlocked for the vault. Completion never prompts and never opens the file.
import { AgentConnection } from '../agent/client.ts';
import { RemoteVault } from '../agent/remote-vault.ts';
import { isGroup, type Command, type CommandRegistry } from './command.ts';
import { resolveVaultPath } from './vault-path.ts';

/** Printed alone: "complete file names here" (the scripts hand over to the shell's own). */
export const FILES = ':files';
const GLOBAL_OPTIONS = ['--vault', '--help', '--version'];
const TRASH_COMMANDS = new Set(['restore', 'purge']);

function takesCredentialName(cmd: Command, fullName: string): boolean {
  if (fullName.startsWith('contact ')) return false;
  return new RegExp(`^keyhold ${fullName} NAME\\b`).test(cmd.usage);
}

function optionsOf(cmd: Command): string[] {
  return [...Object.keys(cmd.options).map((o) => `--${o}`), '--help'];
}

/** Names from an unlocked agent; none when there is no agent or it is locked. */
async function credentialNames(vaultPath: string, env: NodeJS.ProcessEnv, trash: boolean): Promise<string[]> {
  let conn: AgentConnection | null = null;
  try {
    conn = await AgentConnection.open(vaultPath, env);
    if (!conn || conn.status.state !== 'unlocked') return [];
    return new RemoteVault(conn, 'completion').list({ scope: trash ? 'trash' : 'active' }).map((m) => m.name);
  } catch {
    return [];
  } finally {
    conn?.close();
  }
}

/** Candidates for the last of `words` (the words after `keyhold`; the last may be ''). */
export async function complete(registry: CommandRegistry, words: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  let vaultFlag: string | undefined;
  let i = 0;
  // Global options before the command.
  for (; i < before.length && before[i]!.startsWith('-'); i++) {
    if (before[i] === '--vault') vaultFlag = before[++i];
  }
  if (before.at(-1) === '--vault' && i >= before.length) return [FILES];
  const filter = (all: string[]) => all.filter((c) => c.startsWith(current));
  if (i >= before.length) return filter(current.startsWith('-') ? GLOBAL_OPTIONS : [...registry.names, 'help']);

  const entry = await registry.load(before[i]!);
  if (!entry) return [];
  let cmd: Command;
  let fullName = entry.name;
  let rest = before.slice(i + 1);
  if (isGroup(entry)) {
    if (rest.length === 0) return filter(entry.subcommands.map((c) => c.name));
    const sub = entry.subcommands.find((c) => c.name === rest[0]);
    if (!sub) return [];
    cmd = sub;
    fullName = `${entry.name} ${sub.name}`;
    rest = rest.slice(1);
  } else {
    cmd = entry;
  }
  const prev = rest.at(-1);
  const prevSpec = prev?.startsWith('--') ? cmd.options[prev.slice(2)] : undefined;
  if (prev === '--vault') vaultFlag = undefined;
  if (prevSpec?.type === 'string') return /PATH|FILE/.test(prevSpec.valueName ?? '') ? [FILES] : [];
  if (current.startsWith('-')) return filter(optionsOf(cmd));
  // Positional: how many came before (option values do not count).
  let positionals = 0;
  for (let j = 0; j < rest.length; j++) {
    const w = rest[j]!;
    if (w.startsWith('-')) {
      if (cmd.options[w.slice(2)]?.type === 'string') j++;
      if (w === '--vault') vaultFlag = rest[j];
      continue;
    }
    positionals++;
  }
  if (positionals >= cmd.args.max || !takesCredentialName(cmd, fullName)) return [];
  const vaultPath = resolveVaultPath(vaultFlag, env);
  return filter(await credentialNames(vaultPath, env, TRASH_COMMANDS.has(fullName)));
}

export function script(shell: 'bash' | 'zsh' | 'fish'): string {
  if (shell === 'bash') {
    return `# keyhold completion for bash. Add to ~/.bashrc:  source <(keyhold completion bash)
_keyhold() {
  local IFS=$'\\n'
  COMPREPLY=($(keyhold completion complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  if [[ "\${COMPREPLY[0]}" == "${FILES}" ]]; then
    COMPREPLY=()
    compopt -o default 2>/dev/null
  fi
}
complete -F _keyhold keyhold
`;
  }
  if (shell === 'zsh') {
    return `#compdef keyhold
# keyhold completion for zsh. Add to ~/.zshrc:  source <(keyhold completion zsh)
_keyhold() {
  local -a reply
  reply=("\${(@f)$(keyhold completion complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  if [[ "\${reply[1]}" == "${FILES}" ]]; then _files; return; fi
  compadd -- \${reply:#}
}
compdef _keyhold keyhold
`;
  }
  return `# keyhold completion for fish. Save as ~/.config/fish/completions/keyhold.fish:
#   keyhold completion fish > ~/.config/fish/completions/keyhold.fish
function __keyhold_complete
  set -l tokens (commandline -opc) (commandline -ct)
  set -e tokens[1]
  set -l out (keyhold completion complete -- $tokens 2>/dev/null)
  if test "$out[1]" = "${FILES}"
    __fish_complete_path (commandline -ct)
  else
    printf '%s\\n' $out
  end
end
complete -c keyhold -f -a '(__keyhold_complete)'
`;
}
