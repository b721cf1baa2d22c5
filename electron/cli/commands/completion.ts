// keyhold completion bash|zsh|fish: prints the shell's completion script.
import { UsageError } from '../exit-codes.ts';
import { complete, script } from '../completion.ts';
import type { Command } from '../command.ts';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export const completionCommand: Command = {
  name: 'completion',
  summary: 'Print the shell completion script (bash, zsh or fish)',
  usage: 'keyhold completion bash|zsh|fish',
  details: `
Completes commands, subcommands and options, and credential names while an agent or the
desktop app is unlocked for the vault (completion never asks for a password).
  bash:  source <(keyhold completion bash)            (in ~/.bashrc)
  zsh:   source <(keyhold completion zsh)             (in ~/.zshrc, after compinit)
  fish:  keyhold completion fish > ~/.config/fish/completions/keyhold.fish`,
  options: {},
  args: { min: 1, max: Infinity },
  async run(ctx) {
    const [what, ...words] = ctx.args;
    if (what === 'complete') {
      // Called by the scripts: `keyhold completion complete -- WORD...`.
      const { commands } = await import('./index.ts');
      const out = await complete(commands, words.length ? words : [''], ctx.env);
      if (out.length) ctx.out(out.join('\n') + '\n');
      return 0;
    }
    if (words.length > 0 || !SHELLS.includes(what as (typeof SHELLS)[number])) {
      throw new UsageError(`'keyhold completion' takes one of ${SHELLS.join(', ')}.`);
    }
    ctx.out(script(what as (typeof SHELLS)[number]));
  },
};
