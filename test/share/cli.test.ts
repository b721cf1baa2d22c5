// The identity, contact and share commands end to end: the real `keyhold` (bin/keyhold.js under
// this Node) on real vault files, with KEYHOLD_PASSWORD_FILE and --vault, and the real age CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Vault } from '../../electron/vault/index.ts';
import { addContact, createBundle, MAX_BUNDLE_BYTES } from '../../electron/share/index.ts';
import { ageCli, LOW_KDF, ORIGIN, PASSWORD, tempDir } from './helpers.ts';
import { ageEncrypt } from '../../electron/share/age.ts';
import { FAST_KDF as FAST } from '../cli/helpers.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../bin/keyhold.js');

interface Result { code: number; stdout: string; stderr: string }

describe('keyhold identity / contact / share', () => {
  let t: ReturnType<typeof tempDir>;
  let pwFile: string;
  const vaults: Record<string, string> = {};
  const lines: Record<string, string> = {};
  const fingerprints: Record<string, string> = {};

  /** Runs keyhold detached (no controlling terminal), like CI. */
  function kh(who: string, args: string[], input = ''): Promise<Result> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, [BIN, ...args, '--vault', vaults[who]!], {
        env: { PATH: process.env.PATH ?? '', HOME: t.dir, KEYHOLD_PASSWORD_FILE: pwFile }, detached: true, stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', fail);
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    });
  }
  const file = (name: string) => join(t.dir, name);

  beforeAll(async () => {
    t = tempDir();
    pwFile = file('pw');
    writeFileSync(pwFile, PASSWORD + '\n', { mode: 0o600 });
    for (const who of ['alice', 'bob', 'carol']) {
      vaults[who] = file(`${who}.keyhold`);
      const init = await kh(who, ['init', ...FAST]);
      expect(init.code, init.stderr).toBe(0);
      const id = await kh(who, ['identity']);
      expect(id.code, id.stderr).toBe(0);
      lines[who] = id.stdout.trim();
      fingerprints[who] = /Fingerprint: (\S+)/.exec(id.stderr)![1]!;
    }
    expect((await kh('alice', ['add', 'stripe/prod', '--value-stdin'], 'sk_live_cli_value\n')).code).toBe(0);
    expect((await kh('alice', ['add', 'gh/token', '--value-stdin'], 'ghp_cli_value\n')).code).toBe(0);
  });
  afterAll(() => t.cleanup());

  it('prints the identity line on stdout and its fingerprint on stderr', async () => {
    expect(lines.alice).toMatch(/^keyhold-id1:age1[a-z0-9]+:[A-Za-z0-9_-]{43}$/);
    expect(fingerprints.alice).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    const json = await kh('alice', ['identity', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ line: lines.alice, fingerprint: fingerprints.alice });
  });

  it('manages contacts', async () => {
    const add = await kh('alice', ['contact', 'add', 'bob', lines.bob!]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain(fingerprints.bob);
    expect((await kh('alice', ['contact', 'add', 'carol', lines.carol!])).code).toBe(0);
    expect((await kh('bob', ['contact', 'add', 'alice', lines.alice!])).code).toBe(0);
    const ls = await kh('alice', ['contact', 'ls']);
    expect(ls.stdout).toMatch(new RegExp(`bob\\s+${fingerprints.bob}`));
    expect(ls.stdout).toMatch(new RegExp(`carol\\s+${fingerprints.carol}`));
    expect(JSON.parse((await kh('alice', ['contact', 'show', 'bob', '--json'])).stdout)).toMatchObject({ name: 'bob', line: lines.bob });
    expect((await kh('alice', ['contact', 'add', 'bob', lines.bob!])).code).toBe(6); // ALREADY_EXISTS
    const bad = await kh('alice', ['contact', 'add', 'dave', 'keyhold-id1:nonsense:x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('damaged');
    expect((await kh('alice', ['contact', 'add', 'tmp', lines.bob!.replace('keyhold-id1', 'x')])).code).toBe(2);
    expect((await kh('alice', ['contact', 'rm', 'nobody'])).code).toBe(5);
  });

  it('creates a bundle for contacts, lists it, previews and imports it', async () => {
    const out = file('to-bob.age');
    const create = await kh('alice', ['share', 'create', 'stripe/prod', 'gh/token', '--to', 'bob', '--expires-in', '2h', '--message', 'deploy keys', '-o', out]);
    expect(create.code, create.stderr).toBe(0);
    expect(create.stderr).toMatch(/2 credentials for bob/);
    expect(create.stderr).toMatch(/keeps the values/);
    expect(readFileSync(out).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect((await kh('alice', ['share', 'create', 'stripe/prod', '--to', 'bob', '-o', out])).code).toBe(6); // never overwrites

    const ls = await kh('alice', ['share', 'ls']);
    expect(ls.stdout).toMatch(/in 2 hours\s+bob\s+stripe\/prod, gh\/token\s+active/);
    const lsJson = JSON.parse((await kh('alice', ['share', 'ls', '--json'])).stdout);
    expect(lsJson[0]).toMatchObject({ recipients: ['bob'], credentialNames: ['stripe/prod', 'gh/token'], file: out, needsRotation: [] });

    const preview = await kh('bob', ['share', 'open', out]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('alice (contact)');
    expect(preview.stdout).toContain(fingerprints.alice);
    expect(preview.stdout).toContain('deploy keys');
    expect(preview.stdout).toMatch(/stripe\/prod/);
    expect(preview.stdout).not.toContain('sk_live_cli_value');
    expect((await kh('bob', ['ls'])).stdout).not.toContain('stripe/prod'); // preview imports nothing

    const imp = await kh('bob', ['share', 'open', out, '--import']);
    expect(imp.code, imp.stderr).toBe(0);
    expect((await kh('bob', ['get', 'stripe/prod'])).stdout.trim()).toBe('sk_live_cli_value');

    // Previewed again: it says when it was imported (local date) and offers no import line.
    const seen = await kh('bob', ['share', 'open', out]);
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.stdout).toMatch(/^imported: {4}already imported on \d{4}-\d{2}-\d{2}: a bundle imports once, so --import refuses it$/m);
    expect(seen.stdout).not.toContain('Import with:');
    expect(JSON.parse((await kh('bob', ['share', 'open', out, '--json'])).stdout).alreadyImportedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const again = await kh('bob', ['share', 'open', out, '--import']);
    expect(again.code).toBe(15); // REPLAYED
    expect(again.stderr).toMatch(/already imported/);
    const audit = (await kh('bob', ['audit', '--json'])).stdout;
    expect(audit).toContain('share.import');
    expect(audit).toContain('share.refused');
  });

  it('exports the age key (0600, with a warning) so the age CLI opens a bundle', async () => {
    const key = file('carol.agekey');
    const exp = await kh('carol', ['identity', '--export-age-key', key]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stderr).toMatch(/Warning/);
    expect(exp.stdout).toBe('');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect((await kh('carol', ['identity', '--export-age-key', key])).code).toBe(6);
    const out = file('to-carol.age');
    expect((await kh('alice', ['share', 'create', 'gh/token', '--to', 'carol', '-o', out])).code).toBe(0);
    const json = JSON.parse(ageCli(['-d', '-i', key, out]).toString('utf8'));
    expect(json.payload.credentials[0]).toMatchObject({ name: 'gh/token', value: 'ghp_cli_value' });
  });

  it('handles an unknown sender: refused without acceptance, accepted with the right fingerprint', async () => {
    const out = file('carol-unknown.age');
    expect((await kh('alice', ['share', 'create', 'stripe/prod', '--to', 'carol', '-o', out])).code).toBe(0);
    const preview = await kh('carol', ['share', 'open', out]);
    expect(preview.stdout).toContain('unknown sender');
    const refused = await kh('carol', ['share', 'open', out, '--import']);
    expect(refused.code).toBe(14);
    expect(refused.stderr).toContain(`--trust-sender ${fingerprints.alice}`);
    const wrong = await kh('carol', ['share', 'open', out, '--import', '--trust-sender', fingerprints.bob!]);
    expect(wrong.code).toBe(14);
    expect(wrong.stderr).toMatch(/does not match/);
    expect((await kh('carol', ['ls'])).stdout).not.toContain('stripe/prod');
    const ok = await kh('carol', ['share', 'open', out, '--import', '--trust-sender', fingerprints.alice!.toLowerCase()]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('contact add');
  });

  it('renames on a clash', async () => {
    const out = file('clash.age');
    expect((await kh('alice', ['share', 'create', 'stripe/prod', '--to', 'bob', '-o', out])).code).toBe(0);
    const clash = await kh('bob', ['share', 'open', out, '--import']);
    expect(clash.code).toBe(6);
    expect(clash.stderr).toContain('--rename');
    expect((await kh('bob', ['share', 'open', out])).stdout).toContain('name taken here');
    const ok = await kh('bob', ['share', 'open', out, '--import', '--rename', 'stripe/prod=stripe/prod-from-alice']);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await kh('bob', ['get', 'stripe/prod-from-alice'])).stdout.trim()).toBe('sk_live_cli_value');
  });

  it('uses a passphrase from a file, never from argv; each passphrase refusal has its own message', async () => {
    const passFile = file('pass');
    writeFileSync(passFile, 'purple monkey dishwasher\n', { mode: 0o600 });
    const out = file('pass.age');
    const noTty = await kh('alice', ['share', 'create', 'gh/token', '--passphrase', '-o', out]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--passphrase-file');
    expect((await kh('alice', ['share', 'create', 'gh/token', '--passphrase', 'secret-in-argv', '-o', out])).code).toBe(2);
    const create = await kh('alice', ['share', 'create', 'gh/token', '--passphrase-file', passFile, '-o', out]);
    expect(create.code, create.stderr).toBe(0);
    expect(create.stderr).toContain('different channel');

    const missing = await kh('carol', ['share', 'open', out]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('protected by a passphrase');
    const wrongFile = file('wrong');
    writeFileSync(wrongFile, 'not the passphrase\n');
    const wrong = await kh('carol', ['share', 'open', out, '--passphrase-file', wrongFile]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('Wrong passphrase for this bundle');
    expect(wrong.stderr).not.toContain('master password');
    const ok = await kh('carol', ['share', 'open', out, '--passphrase-file', passFile]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('by a passphrase');
    expect(ok.stdout).toContain('for:         nobody named by the sender');
    expect(ok.stdout).toContain('Warning: a passphrase bundle is not tied to its reader.');
  });

  it('names whom a passphrase bundle is for (--for), and warns that a passphrase is not a reader', async () => {
    const passFile = file('pass-for');
    writeFileSync(passFile, 'purple monkey dishwasher\n', { mode: 0o600 });
    const out = file('pass-for.age');
    const both = await kh('alice', ['share', 'create', 'gh/token', '--to', 'bob', '--for', 'carol', '-o', out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--for names the people a passphrase bundle is for');
    const badName = await kh('alice', ['share', 'create', 'gh/token', '--passphrase-file', passFile, '--for', 'carol smith', '-o', out]);
    expect(badName.code, badName.stderr).toBe(2);
    expect(badName.stderr).toContain("--for 'carol smith': a name uses letters, digits and . _ @ + - only");
    const create = await kh('alice', ['share', 'create', 'gh/token', '--passphrase-file', passFile, '--for', 'carol', '--for', 'dave', '-o', out]);
    expect(create.code, create.stderr).toBe(0);
    expect(create.stderr).toContain('a passphrase (meant for carol, dave)');
    const preview = await kh('carol', ['share', 'open', out, '--passphrase-file', passFile]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('for:         carol, dave (names the sender typed)');
    expect(preview.stdout).toContain('Anyone with the passphrase can\nopen it, and can seal it again under a new passphrase for someone else');
    const json = JSON.parse((await kh('carol', ['share', 'open', out, '--passphrase-file', passFile, '--json'])).stdout);
    expect(json).toMatchObject({ passphrase: true, intendedFor: ['carol', 'dave'], payloadVersion: 2, alreadyImportedAt: null });
    // The sender's list says whom it was meant for too.
    const ls = await kh('alice', ['share', 'ls']);
    expect(ls.stdout).toContain('(passphrase) for carol, dave');
    const sent = (JSON.parse((await kh('alice', ['share', 'ls', '--json'])).stdout) as { recipients: string[]; intendedFor: string[]; file: string | null }[]).find((b) => b.file === out);
    expect(sent).toMatchObject({ recipients: ['(passphrase)'], intendedFor: ['carol', 'dave'] });
  });

  it('refuses a passphrase bundle asking for scrypt work factor 2^20, without asking for the passphrase (exit 8)', async () => {
    const passFile = file('pass-20');
    writeFileSync(passFile, 'purple monkey dishwasher\n', { mode: 0o600 });
    const out = file('pass-18.age');
    expect((await kh('alice', ['share', 'create', 'gh/token', '--passphrase-file', passFile, '-o', out])).code).toBe(0);
    const hostile = file('pass-20.age');
    writeFileSync(hostile, readFileSync(out, 'latin1').replace(/^(-> scrypt \S+) 18$/m, '$1 20'), 'latin1');
    for (const args of [[], ['--passphrase-file', passFile]]) {
      const r = await kh('carol', ['share', 'open', hostile, ...args]);
      expect(r.code, r.stderr).toBe(8);
      expect(r.stderr).toContain('scrypt work factor 2^20, more than the 2^18 Keyhold writes and accepts');
    }
  });

  it('escapes control, bidi and zero-width characters a sender put in a bundle (no "from: alice (contact)" spoof)', async () => {
    // alice is not carol's contact. Her message tries to overwrite the "from:" line above it.
    const spoof = '\r\u001b[1A\u001b[2Kfrom:        alice (contact)\u202e\u200b';
    expect((await kh('alice', ['add', 'evil\u200bname', '--value-stdin', '--service', 'svc\u001b[31mred', '--tag', 'x\u202ey'], 'v\n')).code).not.toBe(0);
    expect((await kh('alice', ['add', 'plain/name', '--value-stdin', '--service', 'svc\u001b[31mred'], 'v\n')).code).toBe(0);
    const out = file('spoof.age');
    const passFile = file('spoof-pass');
    writeFileSync(passFile, 'spoof passphrase words\n', { mode: 0o600 });
    const create = await kh('alice', ['share', 'create', 'plain/name', '--passphrase-file', passFile, '--message', spoof, '-o', out]);
    expect(create.code, create.stderr).toBe(0);
    const preview = await kh('carol', ['share', 'open', out, '--passphrase-file', passFile]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('from:        unknown sender');
    for (const raw of ['\r', '\u001b', '\u202e', '\u200b']) expect(preview.stdout).not.toContain(raw);
    expect(preview.stdout).toContain('message:     \\u{d}\\u{1b}[1A\\u{1b}[2Kfrom:        alice (contact)\\u{202e}\\u{200b}');
    expect(preview.stdout).toContain('svc\\u{1b}[31mred');
    // Imported, then listed and shown: escaped there too.
    const imp = await kh('carol', ['share', 'open', out, '--passphrase-file', passFile, '--import', '--trust-sender', fingerprints.alice!]);
    expect(imp.code, imp.stderr).toBe(0);
    const ls = await kh('carol', ['ls']);
    expect(ls.stdout).toContain('svc\\u{1b}[31mred');
    expect(ls.stdout).not.toContain('\u001b');
    const show = await kh('carol', ['show', 'plain/name']);
    expect(show.stdout).not.toContain('\u001b');
    expect(show.stdout).toContain('svc\\u{1b}[31mred');
  });

  it('refuses expired, oversized, malformed and tampered bundles with their own exit codes', async () => {
    // A bundle made two days ago by a vault whose clock says so: expired now.
    const past = Date.now() - 2 * 86_400_000;
    const old = await Vault.create(file('old.keyhold'), PASSWORD, { kdf: LOW_KDF, allowInsecureKdf: true, clock: () => past, origin: ORIGIN });
    try {
      old.add({ name: 'old/key' }, 'old-value', ORIGIN);
      addContact(old, 'bob', lines.bob!, ORIGIN);
      const { bytes } = await createBundle(old, { refs: ['old/key'], to: { kind: 'contacts', names: ['bob'] }, expiresInSeconds: 86_400 }, ORIGIN, { now: () => past });
      writeFileSync(file('expired.age'), bytes);
      writeFileSync(file('truncated.age'), bytes.subarray(0, bytes.length - 10));
    } finally {
      old.close();
    }
    const expired = await kh('bob', ['share', 'open', file('expired.age'), '--import']);
    expect(expired.code).toBe(13);
    expect(expired.stderr).toMatch(/expired at/);
    const truncated = await kh('bob', ['share', 'open', file('truncated.age')]);
    expect(truncated.code).toBe(8);
    expect(truncated.stderr).toMatch(/truncated/);

    writeFileSync(file('big.age'), new Uint8Array(MAX_BUNDLE_BYTES + 10));
    const big = await kh('bob', ['share', 'open', file('big.age')]);
    expect(big.code).toBe(16);

    const bobRecipient = lines.bob!.split(':')[1]!;
    writeFileSync(file('notjson.age'), await ageEncrypt(new TextEncoder().encode('hello, not json'), { kind: 'recipients', recipients: [bobRecipient] }));
    const notJson = await kh('bob', ['share', 'open', file('notjson.age')]);
    expect(notJson.code).toBe(8);
    expect(notJson.stderr).toMatch(/not valid JSON/);

    writeFileSync(file('v9.age'), await ageEncrypt(new TextEncoder().encode(JSON.stringify({ payload: { v: 9 }, signature: 'x' })), { kind: 'recipients', recipients: [bobRecipient] }));
    expect((await kh('bob', ['share', 'open', file('v9.age')])).code).toBe(11);

    const wrongRecipient = await kh('carol', ['share', 'open', file('to-bob.age')]);
    expect(wrongRecipient.code).toBe(8);
    expect(wrongRecipient.stderr).toMatch(/wrong recipient/);
    expect(existsSync(file('to-bob.age'))).toBe(true);
  });

  it('reports usage errors before touching anything', async () => {
    const out = file('never.age');
    for (const args of [
      ['share', 'create', 'gh/token', '--to', 'bob', '--passphrase', '-o', out],
      ['share', 'create', 'gh/token', '-o', out],
      ['share', 'create', 'gh/token', '--to', 'bob'],
      ['share', 'create', 'gh/token', '--to', 'bob', '--expires-in', '31d', '-o', out],
      ['share', 'create', 'gh/token', '--to', 'bob', '--expires-in', '10', '-o', out],
      ['share', 'open', out, '--rename', 'a=b'],
      ['share', 'open', out, '--import', '--rename', 'nonsense'],
    ]) {
      const r = await kh('alice', args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
    const unknownContact = await kh('alice', ['share', 'create', 'gh/token', '--to', 'zed', '-o', out]);
    expect(unknownContact.code).toBe(5);
    expect(existsSync(out)).toBe(false);
  });
});
