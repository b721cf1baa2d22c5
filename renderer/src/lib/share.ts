// Words for share bundles, kept in one place so the create and open screens say the same thing.
export const EXPIRY_NOTE =
  'Expiry makes Keyhold refuse to open the bundle after that time; it cannot take anything back. Someone who opened it ' +
  'before expiry keeps the values, and anyone holding the file and a recipient’s key (or the passphrase) can still decrypt ' +
  'it with the age tool. So Keyhold records every share and flags shared keys for rotation: rotate them once the bundle expires.';

/** The one-line form for dialogs; the Share page carries the whole note once. */
export const EXPIRY_SHORT = 'Expiry stops Keyhold opening the bundle later; it cannot take back values already opened, so rotate shared keys once it expires.';

export const EXPIRY_CHOICES: { label: string; seconds: number }[] = [
  { label: '1 hour', seconds: 3600 },
  { label: '8 hours', seconds: 8 * 3600 },
  { label: '24 hours', seconds: 24 * 3600 },
  { label: '3 days', seconds: 3 * 86400 },
  { label: '7 days', seconds: 7 * 86400 },
  { label: '30 days', seconds: 30 * 86400 },
];
export const DEFAULT_EXPIRY = 24 * 3600;

/** Base64 of a dropped file's bytes (chunked: String.fromCharCode over 1 MiB at once overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The most a bundle may weigh (main refuses more; checking here saves sending it). */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

/** Shown with every passphrase bundle's preview: the passphrase, not the reader, is what it is sealed to. */
export const PASSPHRASE_WARNING =
  'A passphrase bundle is not tied to its reader: anyone with the passphrase can open it, and can seal it again under a new ' +
  'passphrase for someone else, still signed by the same sender. Import it only if it came to you from the sender and is meant for you.';

/** Names typed for a passphrase bundle ("bob, carol"): split on commas and spaces; `bad` is the first that is not a name. */
export function parseIntendedFor(text: string): { names: string[] } | { bad: string } {
  const names = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const bad = names.find((n) => n.length > 100 || !/^[\w.@+-]+$/.test(n));
  return bad !== undefined ? { bad } : { names };
}
