// Entry point of the `keyhold` command: global options, command lookup, option parsing,
// help, and turning every failure into one line on stderr plus an exit code.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { VaultApi } from '../vault/api.ts';
import { isGroup, optString, type Command, type CommandContext, type CommandEntry, type CommandGroup, type OptionValues } from './command.ts';
import { commands } from './commands/index.ts';
import { reportError, UsageError, EXIT_USAGE } from './exit-codes.ts';
import { commandHelp, groupHelp, HELP_OPTION, topHelp } from './help.ts';
import { VALUE_IN_ARGV } from './secret-input.ts';
import { agentVault } from './agent-session.ts';
import { openUnlocked } from './session.ts';
import { resolveVaultPath } from './vault-path.ts';
import { closeTerminal } from './terminal.ts';

export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCli(argv, env, commands);
}

/** main() over any command registry (tests pass their own). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, registry: readonly CommandEntry[]): Promise<number> {
  const errLine = (line: string) => void process.stderr.write(line + '\n');
  guardStdout();
  let vault: VaultApi | undefined;
  // Warnings about the vault itself (weak Argon2 settings) come after the command's own output.
  const lateWarnings: string[] = [];
  try {
    const { globals, rest } = parseGlobal(argv);
    if (globals.version) {
      process.stdout.write(version() + '\n');
      return 0;
    }
    if (rest.length === 0) {
      if (globals.help) {
        process.stdout.write(topHelp(registry));
        return 0;
      }
      process.stderr.write(topHelp(registry));
      return EXIT_USAGE;
    }
    if (rest[0] === 'help') return help(registry, rest.slice(1));
    const target = resolveCommand(registry, rest);
    if ('group' in target) {
      // `keyhold contact` alone, or with --help.
      const asked = globals.help || target.rest.some((a) => a === '--help' || a === '-h');
      (asked ? process.stdout : process.stderr).write(groupHelp(target.group));
      return asked ? 0 : EXIT_USAGE;
    }
    const { cmd, fullName } = target;
    if (globals.help) {
      process.stdout.write(commandHelp(cmd));
      return 0;
    }
    const parsed = parseCommandArgs(cmd, fullName, target.rest);
    if (parsed.help) {
      process.stdout.write(commandHelp(cmd));
      return 0;
    }
    const vaultPath = resolveVaultPath(optString(parsed.opts, 'vault') ?? globals.vault, env);
    const origin = { kind: 'cli', command: fullName } as const;
    const ctx: CommandContext = {
      args: parsed.args,
      opts: parsed.opts,
      env,
      vaultPath,
      origin,
      // Through the agent when one is unlocked for this vault, else the password sources.
      unlock: async () => {
        vault ??= (await agentVault(vaultPath, env, fullName)) ?? (await openUnlocked(vaultPath, origin, env, (line) => lateWarnings.push(line)));
        return vault;
      },
      out: (text) => void process.stdout.write(text),
      info: errLine,
      stdoutIsTTY: process.stdout.isTTY === true,
      now: () => Date.now(),
    };
    const code = (await cmd.run(ctx)) ?? 0;
    // The command's audit entries (unlock, reads, lock) are committed here, in its one
    // transaction (session.ts): a failure to record them fails the command.
    const opened = vault;
    vault = undefined;
    opened?.close();
    return code;
  } catch (e) {
    return reportError(e, env, errLine);
  } finally {
    try {
      vault?.close();
    } catch {
      // The command failed already; that is the error reported.
    }
    closeTerminal();
    for (const line of lateWarnings) errLine(line);
  }
}

type Resolved = { cmd: Command; fullName: string; rest: string[] } | { group: CommandGroup; rest: string[] };

/** `words` starts with the command name; a group takes the next word as its subcommand. */
function resolveCommand(registry: readonly CommandEntry[], words: string[]): Resolved {
  const [name = '', ...rest] = words;
  const entry = findEntry(registry, name);
  if (!isGroup(entry)) return { cmd: entry, fullName: entry.name, rest };
  const [subName, ...subRest] = rest;
  if (subName === undefined || subName.startsWith('-')) return { group: entry, rest };
  const sub = entry.subcommands.find((c) => c.name === subName);
  if (!sub) {
    const near = entry.subcommands.map((c) => c.name).find((n) => editDistance(n, subName) <= 2);
    throw new UsageError(`unknown subcommand '${entry.name} ${subName}'${near ? ` (did you mean '${entry.name} ${near}'?)` : ''}. Run 'keyhold ${entry.name} --help'.`);
  }
  return { cmd: sub, fullName: `${entry.name} ${sub.name}`, rest: subRest };
}

function findEntry(registry: readonly CommandEntry[], name: string): CommandEntry {
  const entry = registry.find((c) => c.name === name);
  if (entry) return entry;
  const near = registry.map((c) => c.name).find((n) => editDistance(n, name) <= 2);
  throw new UsageError(`unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ''}. Run 'keyhold --help' for the list.`);
}

function help(registry: readonly CommandEntry[], words: string[]): number {
  if (words.length === 0) {
    process.stdout.write(topHelp(registry));
    return 0;
  }
  const target = resolveCommand(registry, words);
  process.stdout.write('group' in target ? groupHelp(target.group) : commandHelp(target.cmd));
  return 0;
}

/** Options before the command name: `keyhold --vault PATH ls`, `keyhold --help`, `keyhold --version`. */
function parseGlobal(argv: string[]): { globals: { vault?: string; help: boolean; version: boolean }; rest: string[] } {
  const globals: { vault?: string; help: boolean; version: boolean } = { help: false, version: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    if (a === '-h' || a === '--help') globals.help = true;
    else if (a === '--version' || a === '-V') globals.version = true;
    else if (a === '--vault') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('-')) throw new UsageError('--vault needs a PATH');
      globals.vault = v;
    } else if (a.startsWith('--vault=')) globals.vault = a.slice('--vault='.length);
    else throw new UsageError(`unknown option ${optionName(a)} before the command. Run 'keyhold --help'.`);
  }
  return { globals, rest: argv.slice(i) };
}

function parseCommandArgs(cmd: Command, fullName: string, argv: string[]): { help: boolean; args: string[]; opts: OptionValues } {
  const end = argv.indexOf('--');
  const optionPart = end < 0 ? argv : argv.slice(0, end);
  if (optionPart.some((a) => a === '--value' || a.startsWith('--value='))) throw new UsageError(VALUE_IN_ARGV);
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries({ ...cmd.options, help: HELP_OPTION })) {
    options[name] = { type: spec.type, ...(spec.multiple ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
  }
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(parseErrorMessage(e, fullName));
  }
  if (parsed.values.help === true) return { help: true, args: [], opts: {} };
  const n = parsed.positionals.length;
  const { min, max } = cmd.args;
  if (n < min || n > max) {
    // Never echo the extra arguments: a mistyped command line may hold a secret.
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new UsageError(`'${fullName}' takes ${expected} argument${max === 1 ? '' : 's'}, got ${n}. Usage: ${cmd.usage.split('\n')[0]}`);
  }
  return { help: false, args: parsed.positionals, opts: parsed.values };
}

/** Node's parse errors, without its advice about `--` and naming the command. */
function parseErrorMessage(e: unknown, fullName: string): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : '';
  const see = `Run 'keyhold ${fullName} --help'.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const opt = /'(-[^'=\s]*)/.exec(message)?.[1] ?? 'option';
    return `unknown option ${opt} for '${fullName}'. ${see}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const opt = /'(--?[\w-]+)/.exec(message)?.[1] ?? 'an option';
    if (/does not take an argument/.test(message)) return `${opt} takes no value. ${see}`;
    return `${opt} needs a value. ${see}`;
  }
  return `invalid arguments for '${fullName}'. ${see}`;
}

function optionName(token: string): string {
  return token.split('=', 1)[0]!;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return `keyhold ${pkg.version ?? 'unknown'}`;
}

/** `keyhold ls | head -1` closes the pipe early: that is not an error worth a stack trace. */
function guardStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
