// Input validation at the service boundary: a zod failure becomes INVALID_INPUT naming the field
// and the rule. Messages are built from the issue (path, rule), never from the value received, so
// a password or secret typed into the wrong field can't come back in an error.
import type { ZodError, ZodType, output } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';

const MAX_SEGMENT = 40;
const MAX_ISSUES = 3;

function clip(s: string): string {
  return s.length > MAX_SEGMENT ? `${s.slice(0, MAX_SEGMENT)}…` : s;
}

function describe(issue: ZodError["issues"][number]): string {
  const where = issue.path.length ? `${issue.path.map((p) => clip(String(p))).join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    // Key names come from the caller: shorten them, and never show what they hold.
    const keys = issue.keys.slice(0, 5).map((k) => JSON.stringify(clip(k)));
    return `${where}unexpected field${issue.keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  }
  return `${where}${issue.message}`;
}

export function parseOpInput<S extends ZodType>(op: string, schema: S, raw: unknown): output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const msgs = r.error.issues.slice(0, MAX_ISSUES).map(describe);
  const more = r.error.issues.length > MAX_ISSUES ? ` (and ${r.error.issues.length - MAX_ISSUES} more)` : '';
  throw new KeyholdError('INVALID_INPUT', `Invalid input for ${op}: ${msgs.join('; ')}${more}`);
}
