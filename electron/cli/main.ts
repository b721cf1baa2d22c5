// Entry point of the `keyhold` command: global options, command lookup, option parsing,
// help, and turning every failure into one line on stderr plus an exit code.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { VaultApi } from '../vault/api.ts';
import { isGroup, optString, type Command, type CommandContext, type CommandEntry, type CommandGroup, type CommandRegistry, type OptionValues } from './command.ts';
import { commands } from './commands/index.ts';
import { reportError, UsageError, EXIT_USAGE } from './exit-codes.ts';
import { commandHelp, groupHelp, HELP_OPTION, topHelp } from './help.ts';
import { resolveVaultPath } from './vault-path.ts';
import { closeTerminal } from './terminal.ts';
import { COMMAND_ALIASES, suggest } from './suggest.ts';
import { isNegativeNumber, VALUE_IN_ARGV } from './argv-checks.ts';
import { terminalSafe } from '../../shared/text.ts';

/** Words for subcommands (`contact remove` → `contact rm`). */
const SUBCOMMAND_ALIASES: Readonly<Record<string, string>> = { remove: 'rm', delete: 'rm', list: 'ls', new: 'add', read: 'open', view: 'open', import: 'open' };

export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCli(argv, env, commands);
}

/** main() over any command registry (tests pass their own). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, registry: CommandRegistry): Promise<number> {
  // Messages can quote stored or received text (names, a bundle's fields): escaped for the terminal.
  const errLine = (line: string) => void process.stderr.write(terminalSafe(line, { multiline: true }) + '\n');
  guardStdout();
  let vault: VaultApi | undefined;
  // Set when this command unlocked the file itself (not through an agent): the daily backup is its job.
  let unlockedFile = false;
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
        process.stdout.write(topHelp(await registry.all()));
        return 0;
      }
      process.stderr.write(topHelp(await registry.all()));
      return EXIT_USAGE;
    }
    if (rest[0] === 'help') return await help(registry, rest.slice(1));
    const target = await resolveCommand(registry, rest);
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
      // Loaded here, not at start-up: commands that never unlock (help, gen, completion) skip them.
      unlock: async () => {
        if (vault) return vault;
        const { agentVault } = await import('./agent-session.ts');
        vault = (await agentVault(vaultPath, env, fullName)) ?? undefined;
        if (!vault) {
          const { openUnlocked } = await import('./session.ts');
          vault = await openUnlocked(vaultPath, origin, env, (line) => lateWarnings.push(line));
          unlockedFile = true;
        }
        return vault;
      },
      out: (text) => void process.stdout.write(text),
      info: errLine,
      stdoutIsTTY: process.stdout.isTTY === true,
      now: () => Date.now(),
    };
    const code = (await cmd.run(ctx)) ?? 0;
    // After the command's output, so a `get` that happens to be the day's first is not held up.
    if (vault && unlockedFile) await (await import('./auto-backup.ts')).autoBackup(vault, vaultPath, ctx.now(), (line) => lateWarnings.push(line));
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
async function resolveCommand(registry: CommandRegistry, words: string[]): Promise<Resolved> {
  const [name = '', ...rest] = words;
  const entry = await findEntry(registry, name);
  if (!isGroup(entry)) return { cmd: entry, fullName: entry.name, rest };
  const [subName, ...subRest] = rest;
  if (subName === undefined || subName.startsWith('-')) return { group: entry, rest };
  const sub = entry.subcommands.find((c) => c.name === subName);
  if (!sub) {
    const near = suggest(subName, entry.subcommands.map((c) => c.name), SUBCOMMAND_ALIASES);
    throw new UsageError(`unknown subcommand '${entry.name} ${terminalSafe(subName)}'${near ? ` (did you mean '${entry.name} ${near}'?)` : ''}. Run 'keyhold ${entry.name} --help'.`);
  }
  return { cmd: sub, fullName: `${entry.name} ${sub.name}`, rest: subRest };
}

async function findEntry(registry: CommandRegistry, name: string): Promise<CommandEntry> {
  const entry = await registry.load(name);
  if (entry) return entry;
  const near = suggest(name, [...registry.names], COMMAND_ALIASES);
  throw new UsageError(`unknown command '${terminalSafe(name)}'${near ? ` (did you mean '${near}'?)` : ''}. Run 'keyhold --help' for the list.`);
}

async function help(registry: CommandRegistry, words: string[]): Promise<number> {
  if (words.length === 0) {
    process.stdout.write(topHelp(await registry.all()));
    return 0;
  }
  const target = await resolveCommand(registry, words);
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
    parsed = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(parseErrorMessage(e, fullName, Object.keys(options)));
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

/**
 * `--length -5` would read as a missing value followed by an option `-5`: join such a negative
 * number to its option (`--length=-5`) so the option's parser can say "must be positive".
 */
function joinNegativeValues(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (a.startsWith('--') && !a.includes('=') && options[a.slice(2)]?.type === 'string' && next !== undefined && isNegativeNumber(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Node's parse errors, without its advice about `--` and naming the command. */
function parseErrorMessage(e: unknown, fullName: string, optionNames: string[]): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : '';
  const see = `Run 'keyhold ${fullName} --help'.`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const opt = /'(-[^'=\s]*)/.exec(message)?.[1] ?? 'option';
    const near = opt.startsWith('--') ? suggest(opt.slice(2), optionNames) : undefined;
    return `unknown option ${terminalSafe(opt)} for '${fullName}'${near ? ` (did you mean --${near}?)` : ''}. ${see}`;
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
