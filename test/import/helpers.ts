// Real KeePass files for the import and export tests, made by Debian's keepassxc-cli (which
// writes KDBX 3.1 with AES-KDF) and rewritten to KDBX 4 with Argon2id through kdbxweb.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kdbx } from '../../electron/import/kdbx-engine.ts';

export const KDBX_PASSWORD = 'keepass test password';

export function hasKeepassxc(): boolean {
  return spawnSync('keepassxc-cli', ['--version']).status === 0;
}

/** Runs keepassxc-cli with `input` on stdin (the database password first); throws on failure. */
export function kpx(args: string[], input: string): string {
  const r = spawnSync('keepassxc-cli', args, { input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`keepassxc-cli ${args[0]} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/**
 * A KDBX 3.1 database: "Stripe live" (root, URL, user, notes, a changed password -> history),
 * "Work/GitHub token", "Work/Cloud/AWS key" with an attachment, and "Empty" without password.
 */
export function makeKdbx3(dir: string): string {
  const db = path.join(dir, 'keepass.kdbx');
  const pw = KDBX_PASSWORD;
  kpx(['db-create', '-p', db], `${pw}\n${pw}\n`);
  kpx(['add', '-q', '-p', '-u', 'alice', '--url', 'https://api.stripe.com/v1', '--notes', 'the live key', db, 'Stripe live'], `${pw}\nsk_live_old\n`);
  kpx(['edit', '-q', '-p', db, 'Stripe live'], `${pw}\nsk_live_new\n`);
  kpx(['mkdir', '-q', db, 'Work'], `${pw}\n`);
  kpx(['mkdir', '-q', db, 'Work/Cloud'], `${pw}\n`);
  kpx(['add', '-q', '-p', db, 'Work/GitHub token'], `${pw}\nghp_token_value\n`);
  kpx(['add', '-q', '-p', db, 'Work/Cloud/AWS key'], `${pw}\nAKIA_secret\n`);
  const att = path.join(dir, 'cert.pem');
  fs.writeFileSync(att, 'not a real certificate\n');
  kpx(['attachment-import', '-q', db, 'Work/Cloud/AWS key', 'cert.pem', att], `${pw}\n`);
  kpx(['add', '-q', db, 'Empty'], `${pw}\n`);
  return db;
}

/** Rewrites a database as KDBX 4 with Argon2id (cheap parameters), an expiry and a custom field. */
export async function rewriteAsKdbx4(file: string, out: string): Promise<void> {
  const k = kdbx();
  const creds = new k.Credentials(k.ProtectedValue.fromString(KDBX_PASSWORD));
  const bytes = fs.readFileSync(file);
  const db = await k.Kdbx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, creds);
  db.setVersion(4);
  db.setKdf(k.Consts.KdfId.Argon2id);
  db.header.kdfParameters!.set('M', k.VarDictionary.ValueType.UInt64, k.Int64.from(1024 * 1024));
  db.header.kdfParameters!.set('I', k.VarDictionary.ValueType.UInt64, k.Int64.from(2));
  const github = db.getDefaultGroup().groups.find((g) => g.name === 'Work')!.entries.find((e) => e.fields.get('Title') === 'GitHub token')!;
  github.times.expires = true;
  github.times.expiryTime = new Date('2031-05-01T00:00:00.000Z');
  github.fields.set('Scope', 'repo, workflow');
  fs.writeFileSync(out, Buffer.from(await db.save()));
}
