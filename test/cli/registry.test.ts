// The dispatcher in-process with a registry of test commands: subcommand groups (the shape the
// `contact` and `share` commands use), option parsing, origins and usage errors.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../electron/cli/main.ts';
import { commands } from '../../electron/cli/commands/index.ts';
import { isGroup, staticRegistry, type Command, type CommandContext } from '../../electron/cli/command.ts';

let seen: CommandContext[] = [];
let out = '';
let err = '';

const leaf = (name: string): Command => ({
  name,
  summary: `Do ${name}`,
  usage: `keyhold thing ${name} NAME [--flag] [--item X]...`,
  options: { flag: { type: 'boolean', help: 'a flag' }, item: { type: 'string', multiple: true, valueName: 'X', help: 'an item' } },
  args: { min: 1, max: 2 },
  async run(ctx) {
    seen.push(ctx);
    return ctx.args[1] === 'fail' ? 5 : 0;
  },
});

const registry = staticRegistry([
  { name: 'thing', summary: 'Things with subcommands', subcommands: [leaf('add'), leaf('rm')] },
  { ...leaf('solo'), usage: 'keyhold solo NAME' },
]);

beforeEach(() => {
  seen = [];
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('command groups', () => {
  it('dispatches `thing add` with its own options and a two-word origin', async () => {
    expect(await runCli(['thing', 'add', 'n1', '--flag', '--item', 'a', '--item', 'b'], {}, registry)).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.args).toEqual(['n1']);
    expect(seen[0]!.opts).toMatchObject({ flag: true, item: ['a', 'b'] });
    expect(seen[0]!.origin).toEqual({ kind: 'cli', command: 'thing add' });
    expect(await runCli(['thing', 'rm', 'n1', 'fail'], {}, registry)).toBe(5);
  });

  it('lists subcommands for the group alone (exit 2) or with --help (exit 0)', async () => {
    expect(await runCli(['thing'], {}, registry)).toBe(2);
    expect(err).toContain('Usage: keyhold thing SUBCOMMAND');
    expect(await runCli(['thing', '--help'], {}, registry)).toBe(0);
    expect(out).toMatch(/^ {2}add\s+Do add$/m);
    expect(out).toMatch(/^ {2}rm\s+Do rm$/m);
  });

  it('gives subcommand help three ways', async () => {
    await runCli(['help', 'thing', 'add'], {}, registry);
    const a = out;
    out = '';
    await runCli(['thing', 'add', '--help'], {}, registry);
    expect(out).toBe(a);
    expect(a).toContain('Usage: keyhold thing add NAME');
    expect(a).toContain('--item X');
  });

  it('names the subcommand in usage errors', async () => {
    expect(await runCli(['thing', 'ad', 'x'], {}, registry)).toBe(2);
    expect(err).toContain("unknown subcommand 'thing ad' (did you mean 'thing add'?)");
    err = '';
    expect(await runCli(['thing', 'add', 'x', '--nope'], {}, registry)).toBe(2);
    expect(err).toContain("unknown option --nope for 'thing add'");
    err = '';
    expect(await runCli(['thing', 'add'], {}, registry)).toBe(2);
    expect(err).toContain("'thing add' takes 1 to 2 arguments, got 0");
    expect(seen).toEqual([]);
  });

  it('lists groups and plain commands in the top help', async () => {
    await runCli(['--help'], {}, registry);
    expect(out).toMatch(/^ {2}thing\s+Things with subcommands$/m);
    expect(out).toMatch(/^ {2}solo\s+Do solo$/m);
  });
});

describe('the real registry', () => {
  it('has unique names and a summary, usage and option help everywhere', async () => {
    const entries = await commands.all();
    // Each module is registered under the name it declares (the registry knows names before loading).
    expect(entries.map((e) => e.name)).toEqual(commands.names);
    const all = entries.flatMap((e) => (isGroup(e) ? e.subcommands.map((s) => ({ ...s, name: `${e.name} ${s.name}` })) : [e]));
    expect(new Set(commands.names).size).toBe(commands.names.length);
    for (const c of all) {
      expect(c.summary, c.name).not.toBe('');
      expect(c.usage, c.name).toMatch(new RegExp(`^keyhold ${c.name}\\b`));
      for (const [opt, spec] of Object.entries(c.options)) expect(spec.help, `${c.name} --${opt}`).not.toBe('');
    }
  });
});
