// keyhold contact add|ls|rm|show: teammates' public identities, sealed in the vault.
import { terminalSafe } from '../../../shared/text.ts';
import { addContact, getContact, listContacts, removeContact } from '../../share/index.ts';
import { jsonOption, optFlag, vaultOption, type Command, type CommandGroup } from '../command.ts';
import { localTime, table } from '../format.ts';

const add: Command = {
  name: 'add',
  summary: "Add a teammate's identity line under a name",
  usage: "keyhold contact add NAME 'IDENTITY LINE'",
  details: `
The identity line is what your teammate's 'keyhold identity' prints. After adding it,
compare the fingerprint shown here with the one they see, by voice or another channel:
that is what makes sure the line was not swapped on the way.
Names use letters, digits and . _ @ + -.`,
  options: { ...vaultOption },
  args: { min: 2, max: 2 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const c = addContact(vault, ctx.args[0]!, ctx.args[1]!, ctx.origin, { now: ctx.now });
    ctx.info(`Added contact ${c.name}, fingerprint ${c.fingerprint}.`);
    ctx.info(`Check that ${c.name} sees the same fingerprint ('keyhold identity') before sending them keys.`);
  },
};

const ls: Command = {
  name: 'ls',
  summary: 'List contacts with their fingerprints',
  usage: 'keyhold contact ls [--json]',
  options: { ...vaultOption, ...jsonOption },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const all = listContacts(await ctx.unlock());
    if (optFlag(ctx.opts, 'json')) ctx.out(JSON.stringify(all, null, 2) + '\n');
    else if (all.length === 0) ctx.info("No contacts yet. Add one with 'keyhold contact add NAME LINE'.");
    else ctx.out(table(['NAME', 'FINGERPRINT', 'ADDED'], all.map((c) => [c.name, c.fingerprint, localTime(c.addedAt)])));
  },
};

const rm: Command = {
  name: 'rm',
  summary: 'Remove a contact',
  usage: 'keyhold contact rm NAME',
  options: { ...vaultOption },
  args: { min: 1, max: 1 },
  async run(ctx) {
    removeContact(await ctx.unlock(), ctx.args[0]!, ctx.origin);
    ctx.info(`Removed contact ${ctx.args[0]}.`);
  },
};

const show: Command = {
  name: 'show',
  summary: "Show a contact's fingerprint and identity line",
  usage: 'keyhold contact show NAME [--json]',
  options: { ...vaultOption, ...jsonOption },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const c = getContact(await ctx.unlock(), ctx.args[0]!);
    if (optFlag(ctx.opts, 'json')) ctx.out(JSON.stringify(c, null, 2) + '\n');
    else ctx.out(`name:        ${terminalSafe(c.name)}\nfingerprint: ${c.fingerprint}\nadded:       ${localTime(c.addedAt)}\nidentity:    ${terminalSafe(c.line)}\n`);
  },
};

export const contactCommand: CommandGroup = {
  name: 'contact',
  summary: "Manage teammates' identities for share bundles",
  subcommands: [add, ls, rm, show],
};
