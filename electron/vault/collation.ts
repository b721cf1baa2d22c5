// One listing order for credentials, tags and documents: numeric-aware, so key-2 sorts before
// key-10, and case-sensitive so two names that differ only in case never tie.
export const collator = new Intl.Collator('en', { sensitivity: 'variant', numeric: true });
