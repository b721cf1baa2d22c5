// The numbers that define a bundle's life. README's "Sharing keys with teammates" documents them.

/** Bundles larger than this are refused before anything is parsed. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;
/** Default lifetime of a bundle. */
export const DEFAULT_EXPIRY_SECONDS = 24 * 3600;
/** Shortest and longest lifetime a sender may choose. */
export const MIN_EXPIRY_SECONDS = 60;
export const MAX_EXPIRY_SECONDS = 30 * 24 * 3600;
/**
 * Clocks of sender and recipient may disagree a little: a bundle still opens up to this long
 * after its expiry, and one created up to this far in the future is accepted.
 */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
/**
 * age scrypt work factor (log2 N) for passphrase bundles: 18 is age's default, so the age CLI
 * opens them. It is also the most Keyhold accepts when opening one (age.ts refuses a higher one
 * before any scrypt runs: 2^20 would cost 1 GiB and seconds before the passphrase is checked).
 */
export const SCRYPT_LOG_N = 18;
/** Shortest passphrase accepted for a passphrase bundle. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Where "now" comes from: the vault's clock in tests, Date.now otherwise. */
export interface ShareEnv {
  now?: () => number;
}

export function nowOf(env: ShareEnv | undefined): number {
  return env?.now ? env.now() : Date.now();
}
