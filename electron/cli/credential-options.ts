// The credential fields as options, shared by `add` and `edit`, and their conversion to a patch.
import { ENVIRONMENTS, KEY_TYPES, LIMITS, type CredentialPatch } from '../../shared/model.ts';
import { optFlag, optList, optString, type OptionSpecs, type OptionValues } from './command.ts';
import { UsageError } from './exit-codes.ts';
import { parseChoice, parseDomain, parseExpires, parseIpRange, parseRotateEvery } from './parse.ts';
import { readStdin, stripOneNewline } from './stdin.ts';
import { localTime } from './format.ts';

export const fieldOptions: OptionSpecs = {
  service: { type: 'string', valueName: 'TEXT', help: 'service the key belongs to, e.g. stripe' },
  env: { type: 'string', valueName: 'ENV', help: `environment: ${ENVIRONMENTS.join(', ')}` },
  type: { type: 'string', valueName: 'TYPE', help: `key type: ${KEY_TYPES.join(', ')}` },
  tag: { type: 'string', multiple: true, valueName: 'TAG', help: 'a tag (repeat for more)' },
  notes: { type: 'string', valueName: 'TEXT', help: 'free-text notes' },
  'notes-stdin': { type: 'boolean', help: 'read the notes from standard input' },
  scope: { type: 'string', multiple: true, valueName: 'SCOPE', help: 'a scope or permission the key holds (repeat for more)' },
  'allow-ip': { type: 'string', multiple: true, valueName: 'CIDR', help: 'an IP address or range allowed to use the key (repeatable)' },
  'allow-domain': { type: 'string', multiple: true, valueName: 'DOMAIN', help: 'a domain allowed to use the key (repeatable)' },
  expires: { type: 'string', valueName: 'DATE', help: 'expiry: YYYY-MM-DD, ISO date-time, a duration from now (30d), or never' },
  'rotate-every': { type: 'string', valueName: 'DAYS', help: 'rotation interval in days: 90, 90d, 12w, or never' },
};

/** Reads the notes from stdin when `--notes-stdin` is given (before unlocking, like values). */
export async function notesFromStdin(opts: OptionValues): Promise<string | undefined> {
  if (!optFlag(opts, 'notes-stdin')) return undefined;
  if (optString(opts, 'notes') !== undefined) throw new UsageError('use either --notes or --notes-stdin, not both');
  if (optFlag(opts, 'value-stdin')) throw new UsageError('--notes-stdin and --value-stdin cannot both read standard input');
  return stripOneNewline(await readStdin(LIMITS.notes * 4, 'notes'));
}

/**
 * The fields given on the command line, and only those. List options replace the whole list;
 * an empty string (`--scope ''`) clears it.
 */
export function patchFromOptions(opts: OptionValues, now: number, stdinNotes: string | undefined): CredentialPatch {
  const patch: CredentialPatch = {};
  const service = optString(opts, 'service');
  if (service !== undefined) patch.service = service;
  const env = optString(opts, 'env');
  if (env !== undefined) patch.environment = parseChoice(env, ENVIRONMENTS, '--env');
  const type = optString(opts, 'type');
  if (type !== undefined) patch.keyType = parseChoice(type, KEY_TYPES, '--type');
  const notes = stdinNotes ?? optString(opts, 'notes');
  if (notes !== undefined) patch.notes = notes;
  const list = (name: string, each: (s: string) => string = (s) => s.trim()) => {
    const values = optList(opts, name);
    return values === undefined ? undefined : dedupe(values.filter((v) => v.trim() !== '').map(each));
  };
  const tags = list('tag');
  if (tags !== undefined) patch.tags = tags;
  const scopes = list('scope');
  if (scopes !== undefined) patch.scopes = scopes;
  const ips = list('allow-ip', parseIpRange);
  if (ips !== undefined) patch.allowedIps = ips;
  const domains = list('allow-domain', parseDomain);
  if (domains !== undefined) patch.allowedDomains = domains;
  const expires = optString(opts, 'expires');
  if (expires !== undefined) patch.expiresAt = parseExpires(expires, now);
  const rotate = optString(opts, 'rotate-every');
  if (rotate !== undefined) patch.rotationIntervalDays = parseRotateEvery(rotate);
  return patch;
}

/** A warning line when `--expires` lies in the past (the credential counts as expired at once). */
export function pastExpiryWarning(patch: CredentialPatch, now: number): string | undefined {
  if (!patch.expiresAt || Date.parse(patch.expiresAt) > now) return undefined;
  return `warning: --expires ${localTime(patch.expiresAt)} is in the past: the credential counts as expired now and 'keyhold get' refuses it.`;
}

export function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
