// Teammates' public identities under names of the user's choosing, sealed as 'contact' documents.
import { z } from 'zod';
import { contactNameSchema } from '../../shared/contract.ts';
import { KeyholdError } from '../../shared/errors.ts';
import type { OriginInfo } from '../../shared/model.ts';
import type { VaultApi } from '../vault/api.ts';
import { fingerprintOf, getIdentity, parseIdentityLine } from './identity.ts';
import { nowOf, type ShareEnv } from './limits.ts';

export interface Contact {
  name: string;
  line: string;
  fingerprint: string;
  addedAt: string;
}

const contactDocSchema = z.strictObject({ name: z.string(), line: z.string(), addedAt: z.string() });

function checkName(name: string): string {
  const r = contactNameSchema.safeParse(name);
  if (!r.success) throw new KeyholdError('INVALID_INPUT', `Contact name '${name.slice(0, 100)}': ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

export function listContacts(vault: VaultApi): Contact[] {
  return vault.listDocs<unknown>('contact').map(({ id, doc }) => {
    const d = contactDocSchema.safeParse(doc);
    if (!d.success) throw new KeyholdError('INTEGRITY', `Contact record '${id}' is malformed.`);
    return { name: d.data.name, line: d.data.line, fingerprint: fingerprintOf(d.data.line), addedAt: d.data.addedAt };
  });
}

export function getContact(vault: VaultApi, name: string): Contact {
  const c = listContacts(vault).find((x) => x.name === name);
  if (!c) throw new KeyholdError('NOT_FOUND', `No contact named '${name.slice(0, 100)}'. Add one with 'keyhold contact add NAME LINE'.`);
  return c;
}

/** The contact whose identity line is exactly `line`, if any. */
export function contactByLine(vault: VaultApi, line: string): Contact | null {
  return listContacts(vault).find((c) => c.line === line) ?? null;
}

export function addContact(vault: VaultApi, name: string, line: string, origin: OriginInfo, env?: ShareEnv): Contact {
  const n = checkName(name);
  const id = parseIdentityLine(line);
  const all = listContacts(vault);
  if (all.some((c) => c.name === n)) throw new KeyholdError('ALREADY_EXISTS', `A contact named '${n}' already exists.`);
  const same = all.find((c) => c.line === id.line);
  if (same) throw new KeyholdError('ALREADY_EXISTS', `This identity is already a contact, named '${same.name}'.`);
  if (id.line === getIdentity(vault, env).line) throw new KeyholdError('INVALID_INPUT', "That is this vault's own identity, not a teammate's.");
  const addedAt = new Date(nowOf(env)).toISOString();
  vault.putDoc('contact', n, { name: n, line: id.line, addedAt });
  vault.record('contact.add', origin, { detail: `${n} ${id.fingerprint}` });
  return { name: n, line: id.line, fingerprint: id.fingerprint, addedAt };
}

export function removeContact(vault: VaultApi, name: string, origin: OriginInfo): void {
  const c = getContact(vault, name);
  vault.deleteDoc('contact', c.name);
  vault.record('contact.remove', origin, { detail: `${c.name} ${c.fingerprint}` });
}
