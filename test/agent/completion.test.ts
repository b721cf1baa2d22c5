// Shell completion, run in a real bash: commands, subcommands, options, and credential names only
// while the agent is unlocked (and never a prompt otherwise).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { runtimeDir } from './support.ts';

let tv: TestVault;
let rt: string;
let binDir: string;

beforeAll(async () => {
  tv = await makeVault();
  rt = runtimeDir();
  tv.env.XDG_RUNTIME_DIR = rt;
  // `keyhold` on PATH, as after npm install -g.
  binDir = path.join(tv.dir, 'bin');
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, 'keyhold'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  for (const name of ['stripe/prod', 'stripe/test', 'github/ci']) {
    expect((await tv.kh(['add', name, '--value-stdin'], { input: 'v' })).code).toBe(0);
  }
  expect((await tv.kh(['rm', 'github/ci'])).code).toBe(0);
});

afterAll(async () => {
  await tv.kh(['lock']);
  removeDir(tv.dir);
  removeDir(rt);
});

/** COMPREPLY for the command line `words` (the last word is being completed), in bash. */
function bashComplete(words: string[], env: Record<string, string | undefined> = {}): string[] {
  const program = 'source <(keyhold completion bash); COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _keyhold; printf "%s\\n" "${COMPREPLY[@]}"';
  const fullEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...tv.env, PATH: `${binDir}:${process.env.PATH}`, ...env })) if (v !== undefined) fullEnv[k] = v;
  const out = execFileSync('bash', ['-c', program, 'bash', ...words], { env: fullEnv, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter((l) => l !== '');
}

describe('keyhold completion', () => {
  it('completes commands, subcommands and options', () => {
    expect(bashComplete(['keyhold', 'ge'])).toEqual(['get', 'gen']);
    expect(bashComplete(['keyhold', 'un'])).toEqual(['unlock']);
    expect(bashComplete(['keyhold', 'contact', ''])).toEqual(['add', 'ls', 'rm', 'show']);
    expect(bashComplete(['keyhold', 'get', '--c'])).toEqual(['--copy', '--clear-after']);
    expect(bashComplete(['keyhold', '--v'])).toEqual(['--vault', '--version']);
  });

  it('offers no credential names while locked, and asks for no password', () => {
    // KEYHOLD_PASSWORD_FILE is set: completion still must not open the vault with it.
    expect(bashComplete(['keyhold', 'get', ''])).toEqual([]);
  });

  it('offers credential names while the agent is unlocked (the trash for restore)', async () => {
    expect((await tv.kh(['unlock'])).code).toBe(0);
    expect(bashComplete(['keyhold', 'get', 'stripe/'], { KEYHOLD_PASSWORD_FILE: undefined })).toEqual(['stripe/prod', 'stripe/test']);
    expect(bashComplete(['keyhold', 'show', ''], { KEYHOLD_PASSWORD_FILE: undefined })).toEqual(['stripe/prod', 'stripe/test']);
    expect(bashComplete(['keyhold', 'restore', ''], { KEYHOLD_PASSWORD_FILE: undefined })).toEqual(['github/ci']);
    // One name only: nothing after it.
    expect(bashComplete(['keyhold', 'get', 'stripe/prod', ''], { KEYHOLD_PASSWORD_FILE: undefined })).toEqual([]);
    // An option's value is not a name.
    expect(bashComplete(['keyhold', 'get', '--version', ''], { KEYHOLD_PASSWORD_FILE: undefined })).toEqual([]);
    await tv.kh(['lock']);
  });

  it('prints scripts for zsh and fish, and refuses another shell', async () => {
    const zsh = await tv.kh(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef keyhold/);
    const fish = await tv.kh(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c keyhold -f -a '(__keyhold_complete)'");
    for (const [shell, text] of [['zsh', zsh.stdout], ['fish', fish.stdout]] as const) {
      if (spawnSync('sh', ['-c', `command -v ${shell}`]).status !== 0) continue;
      const check = spawnSync(shell, ['-n'], { input: text, encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    }
    const bad = await tv.kh(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("keyhold: 'keyhold completion' takes one of bash, zsh, fish.\n");
  });
});
