// Input validation at the service boundary: a zod failure becomes INVALID_INPUT naming the field
// and the rule. Messages are built from the issue (path, rule), never from the value received.
// Field names are shown only if the contract itself uses them: an unexpected key, or a record
// key, could be a secret pasted in the wrong place.
import type { ZodError, ZodType, output } from 'zod';
import { contract } from '../../shared/contract.ts';
import { KeyholdError } from '../../shared/errors.ts';

const MAX_ISSUES = 3;

type Issue = ZodError['issues'][number];
interface DefLike {
  type?: string;
  shape?: Record<string, ZodType>;
  innerType?: ZodType;
  element?: ZodType;
  options?: ZodType[];
  valueType?: ZodType;
  in?: ZodType;
  out?: ZodType;
}

/** Every object key that appears anywhere in the contract's input schemas. */
function contractFieldNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: ZodType | undefined): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const def = (s as unknown as { _zod: { def: DefLike } })._zod.def;
    if (def.shape) {
      for (const [k, v] of Object.entries(def.shape)) {
        names.add(k);
        walk(v);
      }
    }
    for (const child of [def.innerType, def.element, def.valueType, def.in, def.out, ...(def.options ?? [])]) walk(child);
  };
  for (const d of Object.values(contract)) walk(d.input as ZodType);
  return names;
}
const KNOWN_FIELDS = contractFieldNames();

function segment(p: PropertyKey): string {
  if (typeof p === 'number') return String(p);
  return typeof p === 'string' && KNOWN_FIELDS.has(p) ? p : '[key]';
}

function describe(issue: Issue): string {
  const where = issue.path.length ? `${issue.path.map(segment).join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') {
    const shown = issue.keys.filter((k) => KNOWN_FIELDS.has(k)).slice(0, 5).map((k) => JSON.stringify(k));
    const hidden = issue.keys.length - shown.length;
    const parts = [...shown, ...(hidden > 0 ? [`${hidden} unknown`] : [])];
    return `${where}unexpected field${issue.keys.length > 1 ? 's' : ''} ${parts.join(', ')}`;
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
