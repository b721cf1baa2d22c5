// One listing order for credentials, tags and documents: numeric-aware, so key-2 sorts before
// key-10, and case-sensitive so two names that differ only in case never tie.

// Made on first use: creating a collator loads ICU data (about 5 ms), which a command that never
// sorts (a `get`) should not pay.
let collator: Intl.Collator | undefined;

export function collate(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { sensitivity: 'variant', numeric: true });
  return collator.compare(a, b);
}
