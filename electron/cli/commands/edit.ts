// keyhold edit NAME: change a credential's fields (not its value: that is `rotate`).
import { vaultOption, optList, optString, type Command } from '../command.ts';
import { dedupe, fieldOptions, notesFromStdin, patchFromOptions, pastExpiryWarning } from '../credential-options.ts';
import { terminalSafe as safe } from '../../../shared/text.ts';
import { UsageError } from '../exit-codes.ts';
import { findLive } from '../lookup.ts';
import { checkName } from './add.ts';

export const editCommand: Command = {
  name: 'edit',
  summary: 'Change the fields of a credential',
  usage: 'keyhold edit NAME [--rename NEW] [--add-tag T] [--remove-tag T] [fields]',
  details: `
Only the options given change. List options (--tag, --scope, --allow-ip, --allow-domain)
replace the whole list; an empty value (--scope '') clears it. --add-tag and --remove-tag
change single tags. --expires never and --rotate-every never clear those fields.
To change the value itself, use 'keyhold rotate', which keeps the old value in history.`,
  options: {
    ...vaultOption,
    ...fieldOptions,
    'add-tag': { type: 'string', multiple: true, valueName: 'TAG', help: 'add a tag (repeatable)' },
    'remove-tag': { type: 'string', multiple: true, valueName: 'TAG', help: 'remove a tag (repeatable)' },
    rename: { type: 'string', valueName: 'NEW', help: 'new name' },
  },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const notes = await notesFromStdin(ctx.opts);
    const patch = patchFromOptions(ctx.opts, ctx.now(), notes);
    const rename = optString(ctx.opts, 'rename');
    if (rename !== undefined) patch.name = checkName(rename);
    const addTags = optList(ctx.opts, 'add-tag')?.map((t) => t.trim()).filter(Boolean) ?? [];
    const removeTags = optList(ctx.opts, 'remove-tag')?.map((t) => t.trim()) ?? [];
    if (Object.keys(patch).length === 0 && addTags.length === 0 && removeTags.length === 0) {
      throw new UsageError("nothing to change: give at least one option (see 'keyhold edit --help')");
    }
    const vault = await ctx.unlock();
    const meta = findLive(vault, ctx.args[0]!);
    if (addTags.length > 0 || removeTags.length > 0) {
      patch.tags = dedupe([...(patch.tags ?? meta.tags), ...addTags]).filter((t) => !removeTags.includes(t));
    }
    const updated = vault.edit(meta.id, patch, ctx.origin);
    const past = pastExpiryWarning(patch, ctx.now());
    if (past) ctx.info(past);
    ctx.info(`Updated ${safe(updated.name)}${updated.name !== meta.name ? ` (was ${safe(meta.name)})` : ''}.`);
  },
};
