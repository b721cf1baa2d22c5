// keyhold show NAME: every field of one credential, never its value.
import { terminalSafe } from '../../../shared/text.ts';
import type { CredentialMeta } from '../../../shared/model.ts';
import { badges, rotationDueAt } from '../badges.ts';
import { jsonOption, optFlag, vaultOption, type Command } from '../command.ts';
import { columns, localDate, localTime, relativeTime } from '../format.ts';
import { findAny } from '../lookup.ts';

export function describe(meta: CredentialMeta, now: number): string {
  const when = (iso: string) => `${localTime(iso)} (${relativeTime(iso, now)})`;
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : '-');
  const due = rotationDueAt(meta);
  const rows: [string, string][] = [
    ['name', meta.name],
    ['id', meta.id],
    ['status', meta.status + (meta.trashedAt ? `, in the trash since ${when(meta.trashedAt)}` : '')],
    ['service', meta.service || '-'],
    ['environment', meta.environment],
    ['type', meta.keyType],
    ['tags', list(meta.tags)],
    ['scopes', list(meta.scopes)],
    ['allowed IPs', list(meta.allowedIps)],
    ['allowed domains', list(meta.allowedDomains)],
    ['value', `version ${meta.valueVersion}, set ${when(meta.valueUpdatedAt)}`],
    ['expires', meta.expiresAt ? when(meta.expiresAt) : 'never'],
    ['rotate every', meta.rotationIntervalDays ? `${meta.rotationIntervalDays} days (next due ${localDate(new Date(due!).toISOString())})` : '-'],
    ['created', when(meta.createdAt)],
    ['updated', when(meta.updatedAt)],
    ['last shared', meta.lastSharedAt ? when(meta.lastSharedAt) : '-'],
    ['attention', badges(meta, now).map((b) => b.text).join('; ') || '-'],
  ];
  let text = columns(rows.map(([k, v]) => [k + ':', v]));
  if (meta.notes) text += '\nnotes:\n' + terminalSafe(meta.notes, { multiline: true }).replace(/^/gm, '  ') + '\n';
  return text;
}

export const showCommand: Command = {
  name: 'show',
  summary: 'Show the details of a credential (never its value)',
  usage: 'keyhold show NAME [--json]',
  options: { ...vaultOption, ...jsonOption },
  args: { min: 1, max: 1 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const ref = ctx.args[0]!;
    // A trashed credential is shown too (its status says so); a miss names no place.
    const meta = findAny(vault, ref);
    if (optFlag(ctx.opts, 'json')) ctx.out(JSON.stringify({ ...meta, attention: badges(meta, ctx.now()).map((b) => b.code) }, null, 2) + '\n');
    else ctx.out(describe(meta, ctx.now()));
  },
};
