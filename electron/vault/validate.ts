// Input validation helpers: zod failures become INVALID_INPUT with the field path and rule,
// never the offending value.
import { z } from 'zod';
import { KeyholdError } from '../../shared/errors.ts';
import { isWeakKdf, MIN_KDF, type KdfParams } from '../../shared/model.ts';

export const kdfParamsSchema = z.strictObject({
  memoryCost: z.number().int().min(1024).max(4 * 1024 * 1024),
  timeCost: z.number().int().min(1).max(64),
  parallelism: z.number().int().min(1).max(64),
});

export const passwordSchema = z.string().min(1, 'Master password is empty').max(4096);
export const tagSchema = z.string().min(1, 'Tag is empty').max(1000);

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const msgs = r.error.issues.slice(0, 3).map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  throw new KeyholdError('INVALID_INPUT', `Invalid ${what}: ${msgs.join('; ')}`);
}

/** Refuses Argon2 settings below OWASP's minimum unless the caller opted in (VaultOptions.allowInsecureKdf). */
export function requireStrongKdf(kdf: KdfParams, allowInsecure: boolean | undefined): void {
  if (allowInsecure === true || !isWeakKdf(kdf)) return;
  throw new KeyholdError(
    'INVALID_INPUT',
    `Argon2 settings below ${MIN_KDF.memoryCost / 1024} MiB of memory and ${MIN_KDF.timeCost} passes make the master password cheap to guess; use at least those (or opt in to insecure settings explicitly).`,
  );
}
