// Templates for `keyhold inject`: any text with `{{ keyhold:NAME }}` (or `{{ keyhold:NAME#FIELD }}`)
// where a value belongs. Spaces inside the braces are optional. A `}` in a name is written %7D.
import { parseReference, ReferenceSyntaxError, type Reference } from './reference.ts';

const PLACEHOLDER = /\{\{[ \t]*(keyhold:[^}\r\n]*?)[ \t]*\}\}/g;

export interface Placeholder {
  /** 1-based line of the placeholder. */
  line: number;
  start: number;
  end: number;
  reference: Reference;
}

/** A template that cannot be used: the message starts with the line number. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Every placeholder in order; throws TemplateError for the first malformed one. */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const line = lineAt(text, m.index);
    try {
      found.push({ line, start: m.index, end: m.index + m[0].length, reference: parseReference(m[1]!) });
    } catch (e) {
      if (e instanceof ReferenceSyntaxError) throw new TemplateError(`line ${line}: ${e.message}`);
      throw e;
    }
  }
  return found;
}

/** The text with each placeholder replaced by values[i] (same order as findPlaceholders). */
export function fillPlaceholders(text: string, placeholders: readonly Placeholder[], values: readonly string[]): string {
  let out = '';
  let at = 0;
  placeholders.forEach((p, i) => {
    out += text.slice(at, p.start) + values[i]!;
    at = p.end;
  });
  return out + text.slice(at);
}
