// keyhold ls: list credentials (metadata only) with filters.
import { ENVIRONMENTS, KEY_TYPES, STATUSES, type CredentialMeta } from '../../../shared/model.ts';
import { badges } from '../badges.ts';
import { jsonOption, optFlag, optList, optString, vaultOption, type Command } from '../command.ts';
import { relativeTime, table } from '../format.ts';
import { parseChoice } from '../parse.ts';

function matchesSearch(meta: CredentialMeta, text: string): boolean {
  const needle = text.toLowerCase();
  return [meta.name, meta.service, meta.notes, ...meta.tags, ...meta.scopes].some((s) => s.toLowerCase().includes(needle));
}

export const lsCommand: Command = {
  name: 'ls',
  summary: 'List credentials (never their values)',
  usage: 'keyhold ls [--tag T]... [--env E] [--type T] [--status S] [--search TEXT] [--attention] [--json]',
  details: `
Filters combine: every --tag given must be present. --search looks in names, services,
tags, scopes and notes (case-insensitive). --json prints an array of metadata objects
with an "attention" list (expired, expiring-soon, rotation-overdue, rotation-due-soon,
compromised, shared-since-rotation). Trashed credentials are listed by 'keyhold trash'.
A credential record that cannot be read (damaged, or changed outside Keyhold) is listed as
DAMAGED with its id; 'keyhold verify' says what is wrong.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    tag: { type: 'string', multiple: true, valueName: 'TAG', help: 'only credentials with this tag (repeatable)' },
    env: { type: 'string', valueName: 'ENV', help: `only this environment: ${ENVIRONMENTS.join(', ')}` },
    type: { type: 'string', valueName: 'TYPE', help: `only this key type: ${KEY_TYPES.join(', ')}` },
    status: { type: 'string', valueName: 'STATUS', help: `only this status: ${STATUSES.join(', ')}` },
    search: { type: 'string', valueName: 'TEXT', help: 'only credentials whose name, service, tags, scopes or notes contain TEXT' },
    attention: { type: 'boolean', help: 'only credentials that need attention (expired, rotation overdue, ...)' },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const tags = optList(ctx.opts, 'tag') ?? [];
    const envText = optString(ctx.opts, 'env');
    const env = envText === undefined ? undefined : parseChoice(envText, ENVIRONMENTS, '--env');
    const typeText = optString(ctx.opts, 'type');
    const type = typeText === undefined ? undefined : parseChoice(typeText, KEY_TYPES, '--type');
    const statusText = optString(ctx.opts, 'status');
    const status = statusText === undefined ? undefined : parseChoice(statusText, STATUSES, '--status');
    const search = optString(ctx.opts, 'search');
    const now = ctx.now();

    const vault = await ctx.unlock();
    const live = vault.list({ scope: 'active' });
    const rows = live
      .filter((m) => tags.every((t) => m.tags.includes(t)))
      .filter((m) => env === undefined || m.environment === env)
      .filter((m) => type === undefined || m.keyType === type)
      .filter((m) => status === undefined || m.status === status)
      .filter((m) => search === undefined || matchesSearch(m, search))
      .map((m) => ({ meta: m, badges: badges(m, now) }))
      .filter((r) => !optFlag(ctx.opts, 'attention') || r.badges.length > 0)
      .sort((a, b) => a.meta.name.localeCompare(b.meta.name));

    // Records that cannot be read are listed too (name unknown, id known), never silently left out.
    const damaged = vault.damaged();
    if (damaged.length > 0) {
      ctx.info(`warning: ${damaged.length} credential record(s) cannot be read (damaged or modified outside Keyhold): run 'keyhold verify'.`);
    }
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify(rows.map((r) => ({ ...r.meta, attention: r.badges.map((b) => b.code) })), null, 2) + '\n');
      return;
    }
    if (rows.length === 0 && damaged.length === 0) {
      ctx.info(live.length === 0 ? "The vault is empty: add a credential with 'keyhold add NAME'." : 'No credentials match.');
      return;
    }
    ctx.out(table(
      ['NAME', 'SERVICE', 'ENV', 'TYPE', 'STATUS', 'TAGS', 'VALUE SET', 'ATTENTION'],
      [
        ...rows.map(({ meta: m, badges: b }) => [
          m.name, m.service || '-', m.environment, m.keyType, m.status, m.tags.join(',') || '-',
          relativeTime(m.valueUpdatedAt, now), b.map((x) => x.text).join('; '),
        ]),
        ...damaged.map((d) => ['(name unknown)', '-', '-', '-', 'DAMAGED', '-', '-', `id ${d.id}: run keyhold verify`]),
      ],
    ));
  },
};
