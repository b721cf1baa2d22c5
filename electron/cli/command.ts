// The shape of one CLI command. Each command lives in commands/<name>.ts and is listed once in
// commands/index.ts. main.ts parses the options a command declares (node:util parseArgs),
// prints its help, and calls run() with a context. Commands with subcommands (`contact add`)
// are a CommandGroup holding plain Commands.
import type { VaultApi } from '../vault/api.ts';
import type { OriginInfo } from '../../shared/model.ts';

/** One option: the parseArgs settings plus what `--help` says about it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder shown in help, e.g. `DATE`. Strings only. */
  valueName?: string;
  help: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** What parseArgs gives back: strings, booleans, or arrays for repeatable options. */
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[];
  opts: OptionValues;
  env: NodeJS.ProcessEnv;
  /** From --vault, KEYHOLD_VAULT or the OS default, in that order. */
  vaultPath: string;
  /** Recorded in the audit trail: `{ kind: 'cli', command }`, e.g. `get` or `contact add`. */
  origin: OriginInfo;
  /** Opens and unlocks the vault (asks for the master password); it is closed when the command ends. */
  unlock(): Promise<VaultApi>;
  /** Data for stdout, written as given. */
  out(text: string): void;
  /** A message line for stderr. */
  info(line: string): void;
  stdoutIsTTY: boolean;
  now(): number;
}

export interface Command {
  name: string;
  /** One line for `keyhold --help`. */
  summary: string;
  /** e.g. `keyhold add NAME [options]` (more lines allowed). */
  usage: string;
  /** Extra help text after the options (examples, notes). */
  details?: string;
  options: OptionSpecs;
  /** How many positional arguments it takes. */
  args: { min: number; max: number };
  /** Returns the exit code (0 when omitted). Throw KeyholdError / UsageError for failures. */
  run(ctx: CommandContext): Promise<number | void>;
}

/**
 * A command with subcommands, such as `keyhold contact add|ls|rm`. Each subcommand is a plain
 * Command whose name is the second word (`add`); its usage shows the full form.
 */
export interface CommandGroup {
  name: string;
  summary: string;
  subcommands: readonly Command[];
}

export type CommandEntry = Command | CommandGroup;

export function isGroup(entry: CommandEntry): entry is CommandGroup {
  return 'subcommands' in entry;
}

/**
 * The commands `keyhold` knows. Names are known up front (for suggestions and completion); a
 * command's module is loaded when it is first needed, so each command loads only its own code.
 */
export interface CommandRegistry {
  /** Every command name, in the order help lists them. */
  readonly names: readonly string[];
  /** The named command or group; undefined for an unknown name. */
  load(name: string): Promise<CommandEntry | undefined>;
  /** Every command (for help), loading them all. */
  all(): Promise<CommandEntry[]>;
}

/** A registry over modules loaded on demand: [name, loader] pairs in help order. */
export function lazyRegistry(loaders: readonly (readonly [string, () => Promise<CommandEntry>])[]): CommandRegistry {
  const byName = new Map(loaders);
  return {
    names: loaders.map(([name]) => name),
    async load(name) {
      return byName.get(name)?.();
    },
    all: () => Promise.all(loaders.map(([, load]) => load())),
  };
}

/** A registry over commands already in hand (tests build their own). */
export function staticRegistry(entries: readonly CommandEntry[]): CommandRegistry {
  return lazyRegistry(entries.map((e) => [e.name, () => Promise.resolve(e)] as const));
}

/** `--vault PATH`, accepted by every command that opens the vault. */
export const vaultOption: OptionSpecs = {
  vault: { type: 'string', valueName: 'PATH', help: 'vault file (default: $KEYHOLD_VAULT, then the OS default)' },
};

/** `--json`, for commands with machine-readable output. */
export const jsonOption: OptionSpecs = {
  json: { type: 'boolean', help: 'print JSON instead of text' },
};

export function optString(opts: OptionValues, name: string): string | undefined {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
}

export function optFlag(opts: OptionValues, name: string): boolean {
  return opts[name] === true;
}

export function optList(opts: OptionValues, name: string): string[] | undefined {
  const v = opts[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}
