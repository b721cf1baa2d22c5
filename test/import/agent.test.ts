// Import, backup and export while an agent serves the vault: they open the vault file itself
// (asking for the master password), and the agent's later answers include what they wrote.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeVault, removeDir, type TestVault } from '../cli/helpers.ts';
import { runtimeDir } from '../agent/support.ts';

const T = 180_000;
let tv: TestVault;
let rt: string;

beforeEach(async () => {
  tv = await makeVault();
  rt = runtimeDir();
  tv.env.XDG_RUNTIME_DIR = rt;
}, T);

afterEach(async () => {
  const s = await tv.kh(['status', '--json']);
  const status = JSON.parse(s.stdout || '{}') as { pid?: number; server?: string };
  await tv.kh(['lock']);
  if (status.server === 'agent' && status.pid) {
    try {
      process.kill(status.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  removeDir(tv.dir);
  removeDir(rt);
}, T);

it('imports and backs up through the vault file while the agent is unlocked', async () => {
  expect((await tv.kh(['unlock'])).code).toBe(0);
  const env = path.join(tv.dir, 'app', '.env');
  fs.mkdirSync(path.dirname(env));
  fs.writeFileSync(env, 'API_TOKEN=tok_through_file\n');
  const r = await tv.kh(['import', env, '--yes']);
  expect(r.code, r.stderr).toBe(0);
  // The agent serves the new credential without a password.
  const g = await tv.kh(['get', 'app/API_TOKEN'], { env: { KEYHOLD_PASSWORD_FILE: undefined } });
  expect(g).toMatchObject({ code: 0, stdout: 'tok_through_file' });
  const b = await tv.kh(['backup', path.join(tv.dir, 'b.keyhold')]);
  expect(b.code, b.stderr).toBe(0);
  // Without a password source it says so instead of failing inside the agent.
  const n = await tv.kh(['import', env, '--yes'], { env: { KEYHOLD_PASSWORD_FILE: undefined } });
  expect(n.code).toBe(12);
  expect(n.stderr).toMatch(/No master password/);
}, T);
