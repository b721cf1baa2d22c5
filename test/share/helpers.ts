// Fixtures for share tests: real vaults in temp folders (low Argon2), one shared test clock,
// and helpers to take a bundle apart and put it back together the way an attacker could.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vault } from '../../electron/vault/index.ts';
import { ageDecrypt, ageEncrypt } from '../../electron/share/age.ts';
import { addContact, exportAgeIdentity, getIdentity, parseIdentityLine, type ShareEnv } from '../../electron/share/index.ts';
import { identitySecrets } from '../../electron/share/identity.ts';
import type { KdfParams, OriginInfo } from '../../shared/model.ts';

export const LOW_KDF: KdfParams = { memoryCost: 8192, timeCost: 1, parallelism: 1 };
export const ORIGIN: OriginInfo = { kind: 'cli', command: 'test' };
export const PASSWORD = 'correct horse battery staple';
export const AGE = '/usr/bin/age';

export class TestClock {
  t = Date.parse('2025-03-01T12:00:00.000Z');
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-share-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Person {
  name: string;
  vault: Vault;
  path: string;
  env: ShareEnv;
}

export async function person(dir: string, name: string, clock: TestClock): Promise<Person> {
  const path = join(dir, `${name}.keyhold`);
  const vault = await Vault.create(path, PASSWORD, { kdf: LOW_KDF, allowInsecureKdf: true, clock: clock.now, origin: ORIGIN });
  return { name, vault, path, env: { now: clock.now } };
}

/** `a` adds `b` as a contact under b's name. */
export function befriend(a: Person, b: Person): void {
  addContact(a.vault, b.name, getIdentity(b.vault, b.env).line, ORIGIN, a.env);
}

/** The person's bare `AGE-SECRET-KEY-1...`. */
export function ageSecretOf(p: Person): string {
  return identitySecrets(p.vault, p.env).ageSecret;
}

export function recipientOf(p: Person): string {
  return parseIdentityLine(getIdentity(p.vault, p.env).line).ageRecipient;
}

/** Writes the person's age identity file as `keyhold identity --export-age-key` would. */
export function writeAgeIdentity(p: Person, dir: string): string {
  const file = join(dir, `${p.name}.agekey`);
  writeFileSync(file, exportAgeIdentity(p.vault, ORIGIN, p.env), { mode: 0o600 });
  return file;
}

/** Decrypts a bundle meant for `p` and returns its JSON (what a recipient with the age CLI sees). */
export async function unwrap(p: Person, bytes: Uint8Array): Promise<{ payload: Record<string, unknown> & { credentials: Record<string, unknown>[] }; signature: string }> {
  const plain = await ageDecrypt(bytes, { ageSecret: ageSecretOf(p) });
  return JSON.parse(new TextDecoder().decode(plain));
}

/** Encrypts arbitrary content to `p`, as anyone who knows p's public identity can. */
export function rewrap(p: Person, content: unknown): Promise<Uint8Array> {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return ageEncrypt(new TextEncoder().encode(text), { kind: 'recipients', recipients: [recipientOf(p)] });
}

export function ageCli(args: string[], input?: Uint8Array): Buffer {
  return execFileSync(AGE, args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string }> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { code: err.code ?? 'none', message: err.message ?? '' };
  }
  throw new Error('expected a refusal, but it succeeded');
}
