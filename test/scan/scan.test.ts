// `keyhold scan` end to end: real vaults, real files, real git repositories and a real
// `git commit` through the installed pre-commit hook. Output never holds a value.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVault, removeDir, type TestVault } from '../cli/helpers.ts';

const STRIPE = 'sk_live_51TestValueAbcdefghijklmnopqrstuv';
const GITHUB = 'ghp_StoredTokenValue0123456789abcdefghijkl';
const OLD = 'old-value-0123456789-abcdefghij';
const ABSENT = 'never-stored-anywhere-0123456789';
/** A Stripe-shaped key that is not in the vault. */
const STRANGER = 'sk_test_' + 'Q'.repeat(10) + '9z8y7x6w5v4u3t2s';

let tv: TestVault;
const VALUES = [STRIPE, GITHUB, OLD];

function noValues(text: string): void {
  for (const v of [...VALUES, STRANGER]) expect(text).not.toContain(v);
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

function newRepo(): string {
  const dir = fs.mkdtempSync(path.join(tv.dir, 'repo-'));
  git(dir, 'init', '-q');
  return dir;
}

beforeAll(async () => {
  tv = await makeVault();
  for (const [name, value] of [['stripe/prod', OLD], ['github/ci', GITHUB]] as const) {
    const r = await tv.kh(['add', name, '--value-stdin'], { input: value });
    expect(r.code, r.stderr).toBe(0);
  }
  const r = await tv.kh(['rotate', 'stripe/prod', '--value-stdin', '--reason', 'test'], { input: STRIPE });
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => removeDir(tv.dir));

describe('keyhold scan: files', () => {
  it('finds planted values at the right file and line, base64 and old versions too; absent values never', async () => {
    const tree = fs.mkdtempSync(path.join(tv.dir, 'tree-'));
    fs.mkdirSync(path.join(tree, 'src/deep'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'src/config.js'), `// config\nconst a = 1;\nconst key = "${STRIPE}";\n`);
    fs.writeFileSync(path.join(tree, 'src/deep/k8s.yaml'), `kind: Secret\ndata:\n  token: ${Buffer.from(`x${GITHUB}`).toString('base64')}\n`);
    fs.writeFileSync(path.join(tree, 'notes.md'), `old one: ${OLD}\nsomething else: ${ABSENT}\nurl: https://x/?k=${encodeURIComponent(STRIPE + '/+=')}\n`);
    fs.writeFileSync(path.join(tree, 'binary.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(STRIPE)]));
    fs.mkdirSync(path.join(tree, 'node_modules/x'), { recursive: true });
    fs.writeFileSync(path.join(tree, 'node_modules/x/index.js'), STRIPE);
    fs.writeFileSync(path.join(tree, 'stranger.env'), `\n\nSTRIPE_KEY=${STRANGER}\n`);

    const r = await tv.kh(['scan', tree, '--json']);
    expect(r.code, r.stderr).toBe(20);
    const out = JSON.parse(r.stdout) as { hits: { credential: string; file: string; line: number; form: string; current: boolean }[]; unknownKeys: { looksLike: string; file: string; line: number }[]; stats: { binary: number } };
    const rel = (f: string) => path.relative(tree, f);
    expect(out.hits.map((h) => [h.credential, rel(h.file), h.line, h.form, h.current])).toEqual([
      ['stripe/prod', 'notes.md', 1, 'raw', false],
      ['stripe/prod', 'notes.md', 3, 'raw', true],
      ['stripe/prod', 'src/config.js', 3, 'raw', true],
      ['github/ci', 'src/deep/k8s.yaml', 3, 'base64', true],
    ]);
    expect(out.unknownKeys.map((u) => [u.looksLike, rel(u.file), u.line])).toEqual([['a Stripe key', 'stranger.env', 3]]);
    expect(out.stats.binary).toBe(1);
    noValues(r.stdout + r.stderr);

    const text = await tv.kh(['scan', tree], { cwd: tree });
    expect(text.stdout).toContain('FOUND stripe/prod (current value) at src/config.js:3');
    expect(text.stdout).toContain('FOUND github/ci (current value, base64-encoded) at src/deep/k8s.yaml:3');
    expect(text.stdout).toContain('LOOKS LIKE a Stripe key, not in your vault: stranger.env:3');
    noValues(text.stdout + text.stderr);

    // The results reach the audit trail and the health report.
    const audit = await tv.kh(['audit', '--action', 'scan', '--json']);
    expect(JSON.parse(audit.stdout).at(-1).detail).toMatch(/4 stored-value hit\(s\) in 3 file\(s\)/);
    const health = await tv.kh(['health', '--json', '--fail-on', 'exposed']);
    expect(health.code).toBe(20);
    const exposed = (JSON.parse(health.stdout) as { findings: { kind: string; credentialName: string; locations?: { file: string }[] }[] }).findings.filter((f) => f.kind === 'exposed');
    expect(exposed.map((f) => f.credentialName).sort()).toEqual(['github/ci', 'stripe/prod']);
    expect(exposed.find((f) => f.credentialName === 'github/ci')?.locations?.[0]?.file).toBe(path.join(tree, 'src/deep/k8s.yaml'));
  }, 120_000);

  it('skips git-ignored files unless --no-ignore, then reports them as git-ignored', async () => {
    const repo = newRepo();
    fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n');
    fs.writeFileSync(path.join(repo, '.env'), `GITHUB_TOKEN=${GITHUB}\n`);
    fs.writeFileSync(path.join(repo, 'clean.txt'), 'nothing here\n');
    const plain = await tv.kh(['scan'], { cwd: repo });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('1 git-ignored (--no-ignore to include them)');
    expect(plain.stdout).toContain('No stored value found.');
    const all = await tv.kh(['scan', '--no-ignore'], { cwd: repo });
    expect(all.code).toBe(20);
    expect(all.stdout).toContain('FOUND github/ci (current value) at .env:1 (git-ignored, still plaintext on this machine)');
    noValues(all.stdout + all.stderr);
  }, 120_000);
});

describe('keyhold scan --git-history', () => {
  it('finds a value committed and later removed, with the first commit and path; each blob read once', async () => {
    const repo = newRepo();
    fs.writeFileSync(path.join(repo, 'README'), 'hello\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'first');
    fs.writeFileSync(path.join(repo, 'deploy.sh'), `#!/bin/sh\nexport TOKEN=${GITHUB}\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'add deploy');
    const leaked = git(repo, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(repo, 'deploy.sh'), '#!/bin/sh\nexport TOKEN="$(keyhold get github/ci)"\n');
    git(repo, 'commit', '-qam', 'use keyhold');
    git(repo, 'checkout', '-qb', 'side');
    fs.writeFileSync(path.join(repo, 'README'), 'hello again\n');
    git(repo, 'commit', '-qam', 'side');
    const files = await tv.kh(['scan'], { cwd: repo });
    expect(files.code).toBe(0);
    const r = await tv.kh(['scan', '--git-history', '--json'], { cwd: repo });
    expect(r.code, r.stderr).toBe(20);
    const out = JSON.parse(r.stdout) as { hits: { credential: string; file: string; line: number; place: string; commit: string }[]; stats: { blobs: number } };
    expect(out.hits).toEqual([expect.objectContaining({ credential: 'github/ci', file: path.join(fs.realpathSync(repo), 'deploy.sh'), line: 2, place: 'git', commit: leaked })]);
    expect(out.stats.blobs).toBe(4); // README twice, deploy.sh twice: shared blobs once each
    const text = await tv.kh(['scan', '--git-history'], { cwd: repo });
    expect(text.stdout).toContain(`FOUND github/ci (current value) at deploy.sh:2 in git history, first in commit ${leaked.slice(0, 12)}`);
    noValues(text.stdout + r.stdout);
  }, 120_000);
});

describe('keyhold scan --install-hook', () => {
  it('blocks a real git commit holding a stored value, naming credential and file; lets a clean one through', async () => {
    const repo = newRepo();
    const install = await tv.kh(['scan', '--install-hook'], { cwd: repo });
    expect(install.code, install.stderr).toBe(0);
    expect(install.stderr).toContain('Installed the pre-commit hook');
    const hook = fs.readFileSync(path.join(repo, '.git/hooks/pre-commit'), 'utf8');
    expect(hook).toContain(process.execPath);

    // setsid: no controlling terminal, so keyhold cannot fall back to a password prompt (like CI).
    const commit = (env: Record<string, string | undefined>) => spawnSync('setsid', ['git', '-c', 'user.name=T', '-c', 'user.email=t@example.com', 'commit', '-qm', 'x'], {
      cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tv.dir, ...env } as NodeJS.ProcessEnv, timeout: 120_000,
    });
    fs.writeFileSync(path.join(repo, 'app.js'), 'console.log("hello");\n');
    git(repo, 'add', 'app.js');
    const clean = commit(tv.env);
    expect(clean.status, clean.stderr).toBe(0);

    fs.writeFileSync(path.join(repo, 'settings.py'), `DEBUG = False\nSTRIPE = "${STRIPE}"\n`);
    git(repo, 'add', 'settings.py');
    const blocked = commit(tv.env);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('FOUND stripe/prod (current value) at settings.py:2 (staged)');
    expect(blocked.stderr).toContain('commit blocked');
    noValues(blocked.stdout + blocked.stderr);
    expect(git(repo, 'log', '--oneline').trim().split('\n')).toHaveLength(1);

    // No agent, no password source, no terminal: it says how to unlock instead of failing silently.
    const locked = commit({ ...tv.env, KEYHOLD_PASSWORD_FILE: undefined });
    expect(locked.status).not.toBe(0);
    expect(locked.stderr).toContain('could not unlock the vault');
    expect(locked.stderr).toContain('KEYHOLD_PASSWORD_COMMAND');
    expect(locked.stderr).toContain('--no-verify');
    const allowed = commit({ ...tv.env, KEYHOLD_PASSWORD_FILE: undefined, KEYHOLD_HOOK_WHEN_LOCKED: 'allow' });
    expect(allowed.status).toBe(0);
    expect(allowed.stderr).toContain('NOT checked');

    // A hook that is not Keyhold's is left alone.
    fs.writeFileSync(path.join(repo, '.git/hooks/pre-commit'), '#!/bin/sh\nexit 0\n');
    const again = await tv.kh(['scan', '--install-hook'], { cwd: repo });
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('not Keyhold');
  }, 240_000);
});

describe('keyhold scan --home', () => {
  it('checks each listed file in HOME: "this stored key also sits in plaintext at …"', async () => {
    const home = fs.mkdtempSync(path.join(tv.dir, 'home-'));
    const files: Record<string, string> = {
      '.bash_history': `ls\nexport STRIPE=${STRIPE}\n`,
      '.zsh_history': `: 1700000000:0;curl -H "Authorization: Bearer ${GITHUB}"\n`,
      '.local/share/fish/fish_history': `- cmd: echo ${STRIPE}\n  when: 1\n`,
      '.npmrc': `//registry.npmjs.org/:_authToken=${GITHUB}\n`,
      '.netrc': `machine api.example.com\n  login me\n  password ${STRIPE}\n`,
      '.git-credentials': `https://me:${GITHUB}@github.com\n`,
      '.aws/credentials': `[default]\naws_secret_access_key = ${OLD}\n`,
      '.docker/config.json': `{"auths":{"r":{"auth":"${Buffer.from(`me:${STRIPE}`).toString('base64')}"}}}\n`,
      '.config/gh/hosts.yml': `github.com:\n    oauth_token: ${GITHUB}\n`,
    };
    for (const [f, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(home, f)), { recursive: true });
      fs.writeFileSync(path.join(home, f), body);
    }
    const r = await tv.kh(['scan', '--home'], { env: { HOME: home } });
    expect(r.code, r.stderr).toBe(20);
    for (const f of Object.keys(files)) expect(r.stdout).toMatch(new RegExp(`this stored key also sits in plaintext at ~/${f.replace(/\./g, '\\.')}:\\d`));
    expect(r.stdout).toContain('FOUND stripe/prod: this stored key also sits in plaintext at ~/.docker/config.json:1 (current value, base64-encoded)');
    expect(r.stdout).toContain('FOUND stripe/prod: this stored key also sits in plaintext at ~/.aws/credentials:2 (old value, version 1)');
    noValues(r.stdout + r.stderr);
  }, 120_000);
});
