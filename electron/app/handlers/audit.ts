// audit.list: the trail (filtered), with the result of checking its hash chain.
import { isKeyholdError } from '../../../shared/errors.ts';
import type { AuditEntry } from '../../../shared/model.ts';
import type { Handlers } from '../context.ts';

export const auditHandlers: Handlers<'audit.list'> = {
  'audit.list': (filter, app) => {
    const vault = app.vault();
    const check = vault.verifyAudit();
    let entries: AuditEntry[];
    try {
      entries = vault.audit(filter);
    } catch (e) {
      // A damaged record makes the trail unreadable as a whole: show the problems instead.
      if (isKeyholdError(e) && e.code === 'INTEGRITY') return { entries: [], verified: { ok: false, problems: check.problems.length ? check.problems : [e.message] } };
      throw e;
    }
    return { entries, verified: { ok: check.ok, problems: check.problems } };
  },
};
