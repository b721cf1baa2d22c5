// The client's side of the protocol's checks: an agent that answers with a malformed record, an
// unknown error code, a body that is not JSON or a hello without a status is refused with a clear
// "stopped answering" error, and a refusal arrives as the agent's own error. The stand-in agent
// (test/support/fake-agent.ts) is a separate process on a real socket; the CLI's fast `get` and
// the whole CLI are run against it too.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentConnection } from '../../electron/agent/client.ts';
import { RemoteVault } from '../../electron/agent/remote-vault.ts';
import { agentPaths, ensurePrivateDir } from '../../electron/agent/runtime-dir.ts';
import { ROOT, run, tempDir, removeDir } from '../cli/helpers.ts';
import { runtimeDir } from './support.ts';

interface Fake { vaultPath: string; env: Record<string, string>; child: ChildProcess; dirs: string[] }
let fake: Fake | undefined;

async function startFake(scenario: string): Promise<Fake> {
  const rt = runtimeDir();
  const home = tempDir();
  const vaultPath = path.join(home, 'fake.keyhold');
  const env = { XDG_RUNTIME_DIR: rt, HOME: home, KEYHOLD_VAULT: vaultPath };
  const paths = agentPaths(vaultPath, env);
  ensurePrivateDir(paths.dir);
  const child = spawn(process.execPath, [path.join(ROOT, 'test/support/fake-agent.ts'), paths.socket, paths.token, scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake agent did not start')), 60_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes('serving')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the fake agent exited (${code})`)));
  });
  fake = { vaultPath, env, child, dirs: [rt, home] };
  return fake;
}

afterEach(async () => {
  if (!fake) return;
  const { child, dirs } = fake;
  fake = undefined;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  for (const d of dirs) removeDir(d);
});

/** Connects and asks for one credential's record through the protocol's full schema. */
async function getRecord(f: Fake): Promise<unknown> {
  const conn = await AgentConnection.open(f.vaultPath, f.env);
  expect(conn?.status.state).toBe('unlocked');
  try {
    return new RemoteVault(conn!, 'test').get('stripe/prod');
  } finally {
    conn!.close();
  }
}

describe('answers the client refuses', () => {
  it('a record that breaks the schema', async () => {
    await expect(getRecord(await startFake('bad-record'))).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('malformed answer to get') });
  });

  it('an error with a code that does not exist', async () => {
    await expect(getRecord(await startFake('bad-error'))).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('malformed answer') });
  });

  it('a body that is not JSON', async () => {
    await expect(getRecord(await startFake('not-json'))).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('malformed answer') });
  });

  it('a hello without the agent status', async () => {
    const f = await startFake('bad-hello');
    await expect(AgentConnection.open(f.vaultPath, f.env)).rejects.toMatchObject({ code: 'LOCKED', message: expect.stringContaining('malformed answer to hello') });
  });

  it('passes a refusal on as the agent\'s own error', async () => {
    await expect(getRecord(await startFake('refusal'))).rejects.toMatchObject({ code: 'DENIED', message: 'Access to stripe/prod refused by the user.' });
  });
});

describe('the CLI against such an agent', () => {
  it('get prints nothing and says the agent answered badly (fast path and whole CLI alike)', async () => {
    const f = await startFake('bad-record');
    const r = await run(['get', 'stripe/prod'], { env: f.env });
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('malformed answer to get');
    expect(r.code).not.toBe(0);
  });

  it('a refusal exits with DENIED (18) and its message', async () => {
    const f = await startFake('refusal');
    const r = await run(['get', 'stripe/prod'], { env: f.env });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('keyhold: Access to stripe/prod refused by the user.\n');
    expect(r.code).toBe(18);
    expect(fs.existsSync(f.vaultPath)).toBe(false);
  });
});
