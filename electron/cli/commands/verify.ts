// keyhold verify: check the authentication of every record and of the audit chain.
import type { VerifyReport } from '../../../shared/model.ts';
import { jsonOption, optFlag, vaultOption, type Command } from '../command.ts';
import { EXIT_CODES } from '../exit-codes.ts';

const VERDICT = { ok: 'OK: everything is authentic.', bad: 'The vault has been tampered with or is corrupted.' };
const auditProblemLines = (audit: VerifyReport['audit']): string[] => audit.problems.map((p) => `FAILED audit trail: ${p}`);

/** The whole check: every record, then the audit trail. */
export function verifyText(report: VerifyReport): string {
  const lines = [`Checked ${report.recordsChecked} records and ${report.audit.entries} audit entries.`];
  for (const f of report.failures) lines.push(`FAILED record ${f.id} (${f.kind}): ${f.reason}`);
  lines.push(...auditProblemLines(report.audit), report.ok && report.audit.ok ? VERDICT.ok : VERDICT.bad);
  return lines.join('\n') + '\n';
}

/** The audit trail's check alone (`keyhold audit --verify`). */
export function auditCheckText(audit: VerifyReport['audit']): string {
  const lines = [`Checked ${audit.entries} audit entries.`, ...auditProblemLines(audit), audit.ok ? VERDICT.ok : VERDICT.bad];
  return lines.join('\n') + '\n';
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Check every record and the audit trail for tampering',
  usage: 'keyhold verify [--json]',
  details: `
Exits with ${EXIT_CODES.INTEGRITY} (INTEGRITY) and lists every failing record by id when anything fails.`,
  options: { ...vaultOption, ...jsonOption },
  args: { min: 0, max: 0 },
  async run(ctx) {
    const vault = await ctx.unlock();
    const report = vault.verify();
    ctx.out(optFlag(ctx.opts, 'json') ? JSON.stringify(report, null, 2) + '\n' : verifyText(report));
    return report.ok && report.audit.ok ? 0 : EXIT_CODES.INTEGRITY;
  },
};
