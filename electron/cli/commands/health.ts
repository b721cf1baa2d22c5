// keyhold health: what needs attention, grouped by severity, each with the command that fixes it.
import { CHECKLIST_STEPS, FAIL_ON_GROUPS, SEVERITIES, isFailOnWord, tripsFailOn, type ChecklistStep, type Finding, type HealthReport } from '../../../shared/health.ts';
import { terminalSafe } from '../../../shared/text.ts';
import { relativeTime } from '../../../shared/time.ts';
import { tickStep } from '../../health/checklist.ts';
import { buildHealthReport } from '../../health/report.ts';
import { loadSettings } from '../../app/settings.ts';
import { jsonOption, optFlag, optList, optString, vaultOption, type Command } from '../command.ts';
import { EXIT_FINDINGS, UsageError } from '../exit-codes.ts';
import { parseInteger } from '../parse.ts';

function parseTick(text: string, option: string): { ref: string; step: ChecklistStep } {
  const at = text.lastIndexOf('=');
  const ref = text.slice(0, Math.max(0, at));
  const step = text.slice(at + 1);
  if (at <= 0 || !(CHECKLIST_STEPS as readonly string[]).includes(step)) {
    throw new UsageError(`${option}: give NAME=STEP, where STEP is one of ${CHECKLIST_STEPS.join(', ')}`);
  }
  return { ref, step: step as ChecklistStep };
}

function findingLines(f: Finding, now: number): string[] {
  const who = f.credentialName === null ? '(vault)' : terminalSafe(f.credentialName);
  const lines = [`  ${who}: ${terminalSafe(f.title)}`];
  for (const loc of f.locations ?? []) {
    const where = `${terminalSafe(loc.file)}:${loc.line}${loc.commit ? ` (commit ${loc.commit.slice(0, 12)})` : ''}`;
    lines.push(`      at ${where}${loc.place === 'ignored' ? ' [git-ignored]' : ''}${loc.form === 'raw' ? '' : ` [${loc.form}]`}`);
  }
  if (f.more) lines.push(`      and ${f.more} more (keyhold scan lists them all)`);
  if (f.others && f.others.length > 1) lines.push(`      also in: ${f.others.map((o) => terminalSafe(o)).join(', ')}`);
  for (const c of f.checklist ?? []) lines.push(`      [${c.doneAt ? 'x' : ' '}] ${c.label} (${c.step}${c.doneAt ? `, done ${relativeTime(c.doneAt, now)}` : ''})`);
  lines.push(`      → ${f.action}${f.command ? `: ${terminalSafe(f.command)}` : ''}`);
  return lines;
}

export function healthText(report: HealthReport, now: number): string {
  const scanned = report.lastScanAt ? `last scan ${relativeTime(report.lastScanAt, now)}` : "no scan yet: run 'keyhold scan'";
  const lines = [`Checked ${report.credentialsChecked} credential${report.credentialsChecked === 1 ? '' : 's'} (lead time ${report.leadDays} days; ${scanned}).`];
  if (report.findings.length === 0) return [...lines, 'Nothing needs attention.'].join('\n') + '\n';
  for (const severity of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${severity.toUpperCase()} (${group.length})`);
    for (const f of group) lines.push(...findingLines(f, now));
  }
  return lines.join('\n') + '\n';
}

export const healthCommand: Command = {
  name: 'health',
  summary: 'What needs attention: compromised, exposed, expired, overdue, duplicate, weak, unused keys',
  usage: 'keyhold health [--json] [--fail-on WHAT] [--lead-days N] [--done NAME=STEP]... [--undo NAME=STEP]...',
  details: `
Findings are grouped by severity (critical, high, medium, low), each with the command that
fixes it. Values are never shown: duplicates are compared by keyed hash.
--fail-on exits with ${EXIT_FINDINGS} when a finding matches: a severity (that or worse),
${Object.keys(FAIL_ON_GROUPS).join(', ')} (overdue = expired or rotation overdue), or a finding kind.
A compromised credential has an incident checklist (${CHECKLIST_STEPS.join(', ')}); tick a step
with --done NAME=STEP (--undo to untick). Rotating after marking it ticks "rotate" by itself.
Example for cron or CI:  keyhold health --fail-on overdue || notify-send "rotate your keys"`,
  options: {
    ...vaultOption,
    ...jsonOption,
    'fail-on': { type: 'string', valueName: 'WHAT', help: `exit ${EXIT_FINDINGS} if a finding matches (critical, high, medium, low, overdue, due, exposed, or a kind)` },
    'lead-days': { type: 'string', valueName: 'N', help: 'days ahead that count as "expiring soon" / "due soon" (default: the setting, 14)' },
    done: { type: 'string', multiple: true, valueName: 'NAME=STEP', help: 'tick a step of a compromised credential\'s incident checklist' },
    undo: { type: 'string', multiple: true, valueName: 'NAME=STEP', help: 'untick a checklist step' },
  },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const failOn = optString(ctx.opts, 'fail-on');
    if (failOn !== undefined && !isFailOnWord(failOn)) {
      throw new UsageError(`--fail-on: '${failOn}' is not a severity (${SEVERITIES.join(', ')}), a group (${Object.keys(FAIL_ON_GROUPS).join(', ')}) or a finding kind`);
    }
    const leadText = optString(ctx.opts, 'lead-days');
    const ticks = [
      ...(optList(ctx.opts, 'done') ?? []).map((t) => ({ ...parseTick(t, '--done'), done: true })),
      ...(optList(ctx.opts, 'undo') ?? []).map((t) => ({ ...parseTick(t, '--undo'), done: false })),
    ];
    const now = ctx.now();
    const vault = await ctx.unlock();
    for (const t of ticks) tickStep(vault, t.ref, t.step, t.done, new Date(now).toISOString(), ctx.origin);
    const leadDays = leadText === undefined ? loadSettings(vault).reminderLeadDays : parseInteger(leadText, '--lead-days', 1, 365);
    const report = buildHealthReport(vault, { now, leadDays, origin: ctx.origin });
    ctx.out(optFlag(ctx.opts, 'json') ? JSON.stringify(report, null, 2) + '\n' : healthText(report, now));
    if (failOn !== undefined && report.findings.some((f) => tripsFailOn(f, failOn))) return EXIT_FINDINGS;
    return 0;
  },
};
