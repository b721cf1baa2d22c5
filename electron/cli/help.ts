// Help texts: `keyhold --help` and `keyhold help CMD` / `keyhold CMD --help`.
import type { Command, CommandEntry, CommandGroup, OptionSpec } from './command.ts';
import { exitCodeHelp } from './exit-codes.ts';
import { columns } from './format.ts';

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

export function topHelp(commands: readonly CommandEntry[]): string {
  const rows = commands.map((c) => ['  ' + c.name, c.summary]);
  rows.push(['  help', 'Show help for a command']);
  return `keyhold: an encrypted manager for API keys and other developer credentials

Usage: keyhold [--vault PATH] COMMAND [ARGS] [options]
       keyhold help COMMAND [SUBCOMMAND] | keyhold COMMAND [SUBCOMMAND] --help

Commands:
${columns(rows)}
Global options:
  --vault PATH    vault file (also per command); default: $KEYHOLD_VAULT, then the OS default
  -h, --help      show help
  --version       print the version

Environment:
  KEYHOLD_VAULT              vault file
  KEYHOLD_PASSWORD_FILE      read the master password from the first line of this file
  KEYHOLD_PASSWORD_COMMAND   run this shell command; its first output line is the master password
  KEYHOLD_PASSWORD_COMMAND_TIMEOUT  seconds the command may take (default 60)
  KEYHOLD_NEW_PASSWORD_FILE  the new master password for a non-interactive 'keyhold passwd'
  KEYHOLD_DEBUG=1            print stack traces of unexpected errors
Without the password variables, the master password is asked on the terminal without echo.
Secret values are never taken from the command line: use --value-stdin, --generate or the prompt.

Exit codes:
${exitCodeHelp()}
`;
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '    ';
  const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
  return `  ${short}--${name}${value}`;
}

export function commandHelp(cmd: Command): string {
  const options = Object.entries({ ...cmd.options, help: HELP_OPTION });
  const optionRows = options.map(([name, spec]) => [optionLabel(name, spec), spec.help]);
  const optionsText = columns(optionRows);
  return `Usage: ${cmd.usage}

${cmd.summary}.

Options:
${optionsText}${cmd.details ? '\n' + cmd.details.trim() + '\n' : ''}`;
}

export function groupHelp(group: CommandGroup): string {
  const rows = group.subcommands.map((c) => ['  ' + c.name, c.summary]);
  return `Usage: keyhold ${group.name} SUBCOMMAND [ARGS] [options]

${group.summary}.

Subcommands:
${columns(rows)}
Run 'keyhold help ${group.name} SUBCOMMAND' for a subcommand's options.
`;
}
