// keyhold audit: the tamper-evident record of every access and change (never values).
import { KeyholdError } from '../../../shared/errors.ts';
import { AUDIT_ACTIONS, ORIGIN_KINDS, type AuditEntry, type AuditFilter } from '../../../shared/model.ts';
import { jsonOption, optFlag, optString, vaultOption, type Command } from '../command.ts';
import { EXIT_CODES } from '../exit-codes.ts';
import { localTime, table } from '../format.ts';
import { findLive } from '../lookup.ts';
import { parseChoice, parseDateInput, parseInteger } from '../parse.ts';
import { auditCheckText } from './verify.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Show the audit trail',
  usage: 'keyhold audit [--credential NAME] [--since DATE] [--until DATE] [--action A] [--origin O] [--limit N] [--json] [--verify]',
  details: `
DATE is YYYY-MM-DD (local midnight), an ISO date-time, or a duration back from now (7d, 24h).
Actions: ${AUDIT_ACTIONS.join(', ')}.
--verify checks the hash chain of the whole trail instead of listing it; it exits with
${EXIT_CODES.INTEGRITY} (INTEGRITY) if a record was deleted, edited or reordered.`,
  options: {
    ...vaultOption,
    ...jsonOption,
    credential: { type: 'string', valueName: 'NAME', help: 'only records about this credential (also a purged one, by its old name)' },
    since: { type: 'string', valueName: 'DATE', help: 'only records from this time on' },
    until: { type: 'string', valueName: 'DATE', help: 'only records before this time' },
    action: { type: 'string', valueName: 'A', help: 'only this action (e.g. get, rotate, unlock.failed)' },
    origin: { type: 'string', valueName: 'O', help: `only from ${ORIGIN_KINDS.join(', ')}` },
    limit: { type: 'string', valueName: 'N', help: 'only the newest N records' },
    verify: { type: 'boolean', help: 'verify the hash chain instead of listing' },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const now = ctx.now();
    const filter: AuditFilter = {};
    const since = optString(ctx.opts, 'since');
    if (since !== undefined) filter.since = parseDateInput(since, now, -1, '--since');
    const until = optString(ctx.opts, 'until');
    if (until !== undefined) filter.until = parseDateInput(until, now, -1, '--until');
    const action = optString(ctx.opts, 'action');
    if (action !== undefined) filter.action = parseChoice(action, AUDIT_ACTIONS, '--action');
    const origin = optString(ctx.opts, 'origin');
    if (origin !== undefined) filter.originKind = parseChoice(origin, ORIGIN_KINDS, '--origin');
    const limit = optString(ctx.opts, 'limit');
    if (limit !== undefined) filter.limit = parseInteger(limit, '--limit', 1, 1_000_000);

    const vault = await ctx.unlock();
    if (optFlag(ctx.opts, 'verify')) {
      const check = vault.verifyAudit();
      ctx.out(optFlag(ctx.opts, 'json') ? JSON.stringify(check, null, 2) + '\n' : auditCheckText(check));
      return check.ok ? 0 : EXIT_CODES.INTEGRITY;
    }
    const credential = optString(ctx.opts, 'credential');
    let byName: string | undefined;
    if (credential !== undefined) {
      try {
        filter.credentialId = findLive(vault, credential).id;
      } catch (e) {
        if (!(e instanceof KeyholdError) || e.code !== 'NOT_FOUND') throw e;
        // In the trash or purged: match the name recorded with each entry.
        const trashed = vault.list({ scope: 'trash' }).find((m) => m.name === credential || m.id === credential);
        if (trashed) filter.credentialId = trashed.id;
        else byName = credential;
      }
    }
    let entries: AuditEntry[] = vault.audit(byName === undefined ? filter : { ...filter, limit: undefined });
    if (byName !== undefined) {
      entries = entries.filter((e) => e.credentialName === byName);
      if (filter.limit !== undefined) entries = entries.slice(-filter.limit);
    }
    if (optFlag(ctx.opts, 'json')) {
      ctx.out(JSON.stringify(entries, null, 2) + '\n');
      return;
    }
    if (entries.length === 0) {
      ctx.info('No audit records match.');
      return;
    }
    ctx.out(table(['TIME', 'ACTION', 'CREDENTIAL', 'ORIGIN', 'RESULT', 'DETAIL'], entries.map((e) => [
      localTime(e.time), e.action, e.credentialName ?? '-', e.origin.kind + (e.origin.command ? ` ${e.origin.command}` : ''), e.result, e.detail ?? '',
    ])));
  },
};
