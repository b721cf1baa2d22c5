// zod's default messages ("Too big: expected string to have <=200 characters") in plain words
// ("must have at most 200 characters"). Installed once with z.config by shared/model.ts, which
// every layer imports; messages a schema spells out itself still win.
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

function unitOf(origin: unknown): string {
  if (origin === 'string') return ' characters';
  if (origin === 'array' || origin === 'set') return ' items';
  return '';
}

/** The plain-words message for one issue, or undefined to keep zod's. */
export function plainIssueMessage(issue: Issue): string | undefined {
  const i = issue as Issue & { origin?: unknown; maximum?: unknown; minimum?: unknown; expected?: unknown; values?: unknown[]; format?: unknown };
  switch (i.code) {
    case 'too_big':
      return `must have at most ${String(i.maximum)}${unitOf(i.origin)}`.replace(/^must have at most (\d+)$/, 'must be at most $1');
    case 'too_small':
      if (i.origin === 'string' && Number(i.minimum) === 1) return 'must not be empty';
      return `must have at least ${String(i.minimum)}${unitOf(i.origin)}`.replace(/^must have at least (\d+)$/, 'must be at least $1');
    case 'invalid_type':
      if (i.input === undefined) return 'is required';
      if (i.expected === 'int') return 'must be a whole number';
      if (i.expected === 'string') return 'must be text';
      if (i.expected === 'number') return 'must be a number';
      if (i.expected === 'boolean') return 'must be true or false';
      if (i.expected === 'array') return 'must be a list';
      if (i.expected === 'object') return 'must be an object';
      return undefined;
    case 'invalid_value':
      return Array.isArray(i.values) ? `must be one of ${i.values.map(String).join(', ')}` : undefined;
    case 'invalid_format':
      return i.format === 'datetime' ? 'must be a date and time such as 2027-06-30T00:00:00Z' : `is not a valid ${String(i.format)}`;
    default:
      return undefined;
  }
}

export function installPlainZodMessages(): void {
  z.config({ customError: plainIssueMessage });
}
