// keyhold verify: check the authentication of every record and of the audit chain.
import type { VerifyReport } from '../../../shared/model.ts';
import { jsonOption, optFlag, vaultOption, type Command } from '../command.ts';
import { EXIT_CODES } from '../exit-codes.ts';

export function verifyText(report: VerifyReport, part: 'all' | 'audit'): string {
  const lines: string[] = [];
  if (part === 'all') {
    lines.push(`Checked ${report.recordsChecked} records and ${report.audit.entries} audit entries.`);
    for (const f of report.failures) lines.push(`FAILED record ${f.id} (${f.kind}): ${f.reason}`);
  } else {
    lines.push(`Checked ${report.audit.entries} audit entries.`);
  }
  for (const p of report.audit.problems) lines.push(`FAILED audit trail: ${p}`);
  const ok = part === 'all' ? report.ok && report.audit.ok : report.audit.ok;
  lines.push(ok ? 'OK: everything is authentic.' : 'The vault has been tampered with or is corrupted.');
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
    ctx.out(optFlag(ctx.opts, 'json') ? JSON.stringify(report, null, 2) + '\n' : verifyText(report, 'all'));
    return report.ok && report.audit.ok ? 0 : EXIT_CODES.INTEGRITY;
  },
};
