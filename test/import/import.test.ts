// `keyhold import` end to end: the real CLI on real vault files, KeePass files made by Debian's
// keepassxc-cli, Bitwarden and 1Password exports written in their documented formats.
import { createCipheriv, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { KDBX_PASSWORD, hasKeepassxc, makeKdbx3, rewriteAsKdbx4 } from './helpers.ts';

const T = 120_000;
let tv: TestVault;
let files: string;

beforeAll(async () => {
  tv = await makeVault();
  files = path.join(tv.dir, 'files');
  fs.mkdirSync(files);
}, T);
afterAll(() => removeDir(tv.dir));

async function names(): Promise<string[]> {
  const r = await tv.kh(['ls', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { name: string }[]).map((c) => c.name).sort();
}

async function value(name: string): Promise<string> {
  const r = await tv.kh(['get', name]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function show(name: string): Promise<Record<string, unknown>> {
  const r = await tv.kh(['show', name, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function write(name: string, content: string | Uint8Array): string {
  const f = path.join(files, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, content);
  return f;
}

describe.skipIf(!hasKeepassxc())('KeePass files made by keepassxc-cli', () => {
  let kdbx3: string;
  let kdbx4: string;
  let pwFile: string;
  beforeAll(async () => {
    const dir = path.join(tv.dir, 'kp');
    fs.mkdirSync(dir);
    kdbx3 = makeKdbx3(dir);
    kdbx4 = path.join(dir, 'argon2.kdbx');
    await rewriteAsKdbx4(kdbx3, kdbx4);
    pwFile = write('kdbx-password', KDBX_PASSWORD + '\n');
  }, T);

  it('imports KDBX 3.1 (AES-KDF): groups as tags, history as versions, notes; attachments and empty entries reported', async () => {
    const r = await tv.kh(['import', kdbx3, '--kdbx-password-file', pwFile, '--prefix', 'kp3', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/attachment 'cert.pem' not imported/);
    expect(r.stdout).toMatch(/skip\s+Empty.*empty password/);
    expect(r.stdout + r.stderr).not.toMatch(/sk_live|ghp_token|AKIA/);
    expect(r.stderr).toMatch(/Imported 3 credentials/);
    expect(await value('kp3/Stripe live')).toBe('sk_live_new');
    expect(await value('kp3/GitHub token')).toBe('ghp_token_value');
    const aws = await show('kp3/AWS key');
    expect(aws.tags).toEqual(['Work', 'Cloud']);
    const stripe = await show('kp3/Stripe live');
    expect(stripe.service).toBe('api.stripe.com');
    expect(stripe.notes).toMatch(/User name: alice/);
    expect(stripe.notes).toMatch(/the live key/);
    expect(stripe.valueVersion).toBe(2);
    const old = await tv.kh(['get', 'kp3/Stripe live', '--version', '1']);
    expect(old.stdout).toBe('sk_live_old');
  }, T);

  it('imports KDBX 4 with Argon2id, carrying expiry and custom fields', async () => {
    const r = await tv.kh(['import', kdbx4, '--kdbx-password-file', pwFile, '--prefix', 'kp4', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const gh = await show('kp4/GitHub token');
    expect(gh.expiresAt).toBe('2031-05-01T00:00:00.000Z');
    expect(gh.notes).toMatch(/Scope: repo, workflow/);
    expect(await value('kp4/AWS key')).toBe('AKIA_secret');
  }, T);

  it('refuses a wrong KDBX password (exit 3) and a truncated file (exit 2), importing nothing', async () => {
    const before = await names();
    const wrong = write('wrong-pw', 'not the password\n');
    const r = await tv.kh(['import', kdbx4, '--kdbx-password-file', wrong, '--prefix', 'x', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/wrong password for this KeePass database/);
    const bytes = fs.readFileSync(kdbx3);
    // Cut mid-block: whole-block truncation of KDBX 3.1 cannot be told from a wrong password.
    const cut = write('cut.kdbx', bytes.subarray(0, bytes.length - 517));
    const t = await tv.kh(['import', cut, '--kdbx-password-file', pwFile, '--prefix', 'x', '--yes']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/truncated.*Nothing was imported/);
    expect(await names()).toEqual(before);
  }, T);

  it('without a password source and no terminal, says how to give one', async () => {
    const r = await tv.kh(['import', kdbx3, '--yes']);
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/--kdbx-password-file/);
  }, T);
});

describe('.env files', () => {
  it('reads exactly what dotenv.parse reads: quotes, export, comments, multi-line values', async () => {
    const text = [
      '# a comment', 'export API_KEY=abc123', "SINGLE='it''s # not a comment'", 'DOUBLE="line1\\nline2"',
      'HASHED=value # trailing comment', 'SPACED =  padded  ', 'MULTI="first', 'second"', 'BACKTICK=`has "quotes" and \'single\'`',
      'EMPTY=', 'URL=postgres://u:p@h:5432/db?x=1&y=2',
    ].join('\n');
    const f = write('parity/.env', text);
    const r = await tv.kh(['import', f, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const expected = dotenv.parse(text);
    for (const [k, v] of Object.entries(expected)) {
      if (v === '') continue;
      expect(await value(`parity/${k}`)).toBe(v);
    }
    expect(r.stdout).toMatch(/skip\s+parity\/EMPTY.*empty value/);
  }, T);

  it('guesses the environment from the file name and tags with the folder', async () => {
    const f = write('shop/.env.production', 'STRIPE_KEY=sk_live_1\n');
    const g = write('shop/.env.local', 'STRIPE_KEY=sk_test_1\n');
    expect((await tv.kh(['import', f, '--yes', '--prefix', 'shop-prod'])).code).toBe(0);
    expect((await tv.kh(['import', g, '--yes', '--prefix', 'shop-dev'])).code).toBe(0);
    expect((await show('shop-prod/STRIPE_KEY')).environment).toBe('prod');
    expect((await show('shop-dev/STRIPE_KEY')).environment).toBe('dev');
    expect((await show('shop-dev/STRIPE_KEY')).tags).toEqual(['shop']);
  }, T);

  describe('name clashes', () => {
    const f = () => write('clash/.env', 'A=new-a\nB=new-b\n');
    beforeAll(async () => {
      expect((await tv.kh(['import', write('clash/.env', 'A=old-a\n'), '--yes'])).code).toBe(0);
    }, T);

    it('skip (the default) keeps the existing credential and imports the rest', async () => {
      const r = await tv.kh(['import', f(), '--yes']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/skip\s+clash\/A.*name already taken/);
      expect(await value('clash/A')).toBe('old-a');
      expect(await value('clash/B')).toBe('new-b');
    }, T);

    it('rename imports under NAME (2)', async () => {
      const r = await tv.kh(['import', f(), '--yes', '--on-clash', 'rename']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/renamed\s+clash\/A -> clash\/A \(2\)/);
      expect(await value('clash/A (2)')).toBe('new-a');
      expect(await value('clash/A')).toBe('old-a');
    }, T);

    it('fail imports nothing (exit 6)', async () => {
      const before = await names();
      const r = await tv.kh(['import', write('clash/.env', 'A=x\nNEW=y\n'), '--yes', '--on-clash', 'fail']);
      expect(r.code).toBe(6);
      expect(r.stderr).toMatch(/already taken.*Nothing was imported/);
      expect(await names()).toEqual(before);
    }, T);
  });

  it('without a terminal and without --yes imports nothing; --dry-run only previews', async () => {
    const before = await names();
    const f = write('confirm/.env', 'TOKEN=t\n');
    const r = await tv.kh(['import', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    const d = await tv.kh(['import', f, '--dry-run']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/import\s+confirm\/TOKEN/);
    expect(await names()).toEqual(before);
  }, T);
});

describe('refusals before anything is written', () => {
  it('refuses a file over the size limit before reading it (exit 16)', async () => {
    const f = path.join(files, 'huge.env');
    fs.writeFileSync(f, 'A=1\n');
    fs.truncateSync(f, 65 * 1024 * 1024);
    const r = await tv.kh(['import', f, '--yes']);
    expect(r.code).toBe(16);
    expect(r.stderr).toMatch(/limited to 64 MiB/);
  }, T);

  it('refuses a file of the wrong format', async () => {
    const env = write('wrong/.env', 'A=1\n');
    const r = await tv.kh(['import', env, '--format', 'kdbx', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a KeePass database/);
    const png = write('wrong/image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    const p = await tv.kh(['import', png, '--yes']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/binary file/);
    const json = write('wrong/package.json', '{"name": "x"}');
    const j = await tv.kh(['import', json, '--yes']);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/not a Bitwarden export/);
  }, T);
});

describe('Bitwarden JSON', () => {
  const plain = {
    encrypted: false,
    folders: [{ id: 'f1', name: 'Payments' }],
    items: [
      { id: 'i1', type: 1, name: 'Stripe', folderId: 'f1', notes: 'live account', fields: [{ name: 'account', value: 'acct_1', type: 0 }],
        login: { username: 'ops', password: 'bw_stripe_secret', uris: [{ uri: 'https://dashboard.stripe.com' }] },
        passwordHistory: [{ password: 'bw_stripe_older', lastUsedDate: '2024-01-01T00:00:00.000Z' }] },
      { id: 'i2', type: 2, name: 'OpenAI key', folderId: null, notes: 'sk-openai-note-value', secureNote: { type: 0 } },
      { id: 'i3', type: 3, name: 'Visa', card: { number: '4111' } },
    ],
  };

  /** The documented password-protected format: PBKDF2-SHA256 -> HKDF-Expand(enc, mac) -> AES-256-CBC + HMAC. */
  function protect(doc: unknown, password: string): string {
    const salt = randomBytes(16).toString('base64');
    const key = pbkdf2Sync(password, salt, 1000, 32, 'sha256');
    const expand = (info: string) => createHmac('sha256', key).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest();
    const enc = expand('enc');
    const mac = expand('mac');
    const seal = (text: string) => {
      const iv = randomBytes(16);
      const c = createCipheriv('aes-256-cbc', enc, iv);
      const data = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      const m = createHmac('sha256', mac).update(Buffer.concat([iv, data])).digest();
      return `2.${iv.toString('base64')}|${data.toString('base64')}|${m.toString('base64')}`;
    };
    return JSON.stringify({
      encrypted: true, passwordProtected: true, salt, kdfType: 0, kdfIterations: 1000,
      encKeyValidation_DO_NOT_EDIT: seal(randomBytes(8).toString('hex')), data: seal(JSON.stringify(doc)),
    });
  }

  it('imports logins, secure notes and custom fields, folders as tags; cards are skipped', async () => {
    const f = write('bitwarden_export.json', JSON.stringify(plain));
    const r = await tv.kh(['import', f, '--yes', '--prefix', 'bw']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/skip\s+Visa.*payment card/);
    expect(await value('bw/Stripe')).toBe('bw_stripe_secret');
    expect(await value('bw/OpenAI key')).toBe('sk-openai-note-value');
    const s = await show('bw/Stripe');
    expect(s.tags).toEqual(['Payments']);
    expect(s.notes).toMatch(/account: acct_1/);
    expect(s.valueVersion).toBe(2);
  }, T);

  it('opens the password-protected format and refuses a wrong password', async () => {
    const f = write('bitwarden_protected.json', protect(plain, 'bw export pw'));
    const wrong = write('bw-wrong', 'nope\n');
    const w = await tv.kh(['import', f, '--yes', '--prefix', 'bwp', '--bitwarden-password-file', wrong]);
    expect(w.code).toBe(3);
    expect(w.stderr).toMatch(/wrong password for this Bitwarden export/);
    const right = write('bw-right', 'bw export pw\n');
    const r = await tv.kh(['import', f, '--yes', '--prefix', 'bwp', '--bitwarden-password-file', right]);
    expect(r.code, r.stderr).toBe(0);
    expect(await value('bwp/Stripe')).toBe('bw_stripe_secret');
  }, T);

  it('a truncated export imports nothing', async () => {
    const text = JSON.stringify(plain);
    const f = write('bw-cut.json', text.slice(0, text.length - 40));
    const r = await tv.kh(['import', f, '--yes', '--prefix', 'cut']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/malformed or truncated/);
  }, T);
});

describe('1Password .1pux', () => {
  const data = {
    accounts: [{ attrs: { accountName: 'me' }, vaults: [{ attrs: { name: 'Dev' }, items: [
      { uuid: 'a', createdAt: 1700000000, updatedAt: 1700000000, state: 'active', categoryUuid: '112',
        overview: { title: 'Twilio API', url: '', tags: ['sms'] },
        details: { sections: [{ title: '', fields: [
          { title: 'credential', id: 'credential', value: { concealed: 'twilio-secret' } },
          { title: 'hostname', id: 'hostname', value: { string: 'api.twilio.com' } },
          { title: 'expires', id: 'expires', value: { date: 1900000000 } },
        ] }] } },
      { uuid: 'b', state: 'active', categoryUuid: '001', overview: { title: 'Sentry', url: 'https://sentry.io' },
        details: { loginFields: [{ value: 'me@x', designation: 'username' }, { value: 'sentry-pw', designation: 'password' }], notesPlain: 'org: acme' } },
      { uuid: 'c', state: 'active', categoryUuid: '003', overview: { title: 'Deploy token' }, details: { notesPlain: 'deploy-note-secret' } },
      { uuid: 'd', state: 'active', categoryUuid: '002', overview: { title: 'Card' }, details: {} },
    ] }] }],
  };
  const pux = () => zipSync({ 'export.attributes': strToU8('{"version":3}'), 'export.data': strToU8(JSON.stringify(data)) });

  it('imports API credentials, logins and secure notes; vault and tags as tags', async () => {
    const f = write('export.1pux', pux());
    const r = await tv.kh(['import', f, '--yes', '--prefix', 'op']);
    expect(r.code, r.stderr).toBe(0);
    expect(await value('op/Twilio API')).toBe('twilio-secret');
    expect(await value('op/Sentry')).toBe('sentry-pw');
    expect(await value('op/Deploy token')).toBe('deploy-note-secret');
    const t = await show('op/Twilio API');
    expect(t.tags).toEqual(['Dev', 'sms']);
    expect(t.service).toBe('api.twilio.com');
    expect(t.expiresAt).toBe(new Date(1900000000 * 1000).toISOString());
    expect(r.stdout).toMatch(/skip\s+Card.*credit card/);
  }, T);

  it('a truncated archive imports nothing', async () => {
    const bytes = pux();
    const f = write('cut.1pux', bytes.subarray(0, bytes.length - 30));
    const r = await tv.kh(['import', f, '--yes', '--prefix', 'opcut', '--format', '1pux']);
    expect(r.code).toBe(2);
    expect(await names()).not.toContain('opcut/Sentry');
  }, T);
});

describe('CSV', () => {
  it('maps columns with --map and names the malformed line', async () => {
    const f = write('keys.csv', 'Title,Secret,Site,Group\nmailgun,mg-key,https://api.mailgun.net,mail;ops\n"quoted, name",q-key,,\n');
    const r = await tv.kh(['import', f, '--yes', '--map', 'name=Title,value=Secret,service=Site,tags=Group', '--prefix', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(await value('csv/mailgun')).toBe('mg-key');
    expect(await value('csv/quoted, name')).toBe('q-key');
    expect((await show('csv/mailgun')).tags).toEqual(['mail', 'ops']);
    const bad = write('bad.csv', 'name,value\na,1\nb,"unclosed\n');
    const b = await tv.kh(['import', bad, '--yes', '--prefix', 'csvbad']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/malformed at line \d/);
    expect(await names()).not.toContain('csvbad/a');
  }, T);
});
