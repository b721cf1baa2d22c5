// The agent's socket server with a real vault behind it: the handshake, malformed, truncated,
// oversized and slow messages (each refused with an error while the agent keeps serving), and
// the folder, socket and token modes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentPaths, readToken } from '../../electron/agent/runtime-dir.ts';
import { AgentServer } from '../../electron/agent/server.ts';
import { VaultAgent } from '../../electron/agent/vault-agent.ts';
import { MAX_REQUEST_BYTES } from '../../electron/agent/protocol.ts';
import { CLI, newVault, tempDir } from '../vault/helpers.ts';
import { RawClient, runtimeDir } from './support.ts';

let cleanup: () => void;
let rt: string;
let server: AgentServer;
let agent: VaultAgent;
let token: string;
let socketPath: string;
let lockedBy: string | null;

beforeEach(async () => {
  const t = tempDir();
  rt = runtimeDir();
  cleanup = () => {
    t.cleanup();
    fs.rmSync(rt, { recursive: true, force: true });
  };
  const { vault, path } = await newVault(t.dir);
  vault.add({ name: 'stripe/prod' }, 'sk_live_agent_test', CLI);
  lockedBy = null;
  agent = new VaultAgent(vault, { idleMs: null, lifetimeMs: null, onLocked: (r) => (lockedBy = r) });
  const paths = agentPaths(path, { XDG_RUNTIME_DIR: rt });
  server = new AgentServer({ paths, backend: agent, limits: { messageTimeoutMs: 500, helloTimeoutMs: 2000 } });
  await server.start();
  token = readToken(paths.token)!;
  socketPath = paths.socket;
});

afterEach(async () => {
  agent.lockNow('signal');
  await server.stop();
  cleanup();
});

async function greeted(): Promise<RawClient> {
  const c = await RawClient.connect(socketPath);
  c.hello(token);
  const a = await c.answer();
  expect(a?.ok).toBe(true);
  return c;
}

async function stillServes(): Promise<void> {
  const c = await greeted();
  c.send({ type: 'call', method: 'readValue', args: ['stripe/prod', 'get', null], command: 'get' });
  expect(await c.answer()).toEqual({ ok: true, value: 'sk_live_agent_test' });
  c.close();
}

describe('agent protocol', () => {
  it('folder 0700, socket 0600, token 0600', () => {
    const dir = agentPaths('x', { XDG_RUNTIME_DIR: rt }).dir;
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
    expect(fs.statSync(socketPath.replace(/\.sock$/, '.token')).mode & 0o777).toBe(0o600);
  });

  it('serves a call after hello and records the asking process in the audit trail', async () => {
    const c = await greeted();
    c.send({ type: 'call', method: 'readValue', args: ['stripe/prod', 'get', { kind: 'desktop', command: 'forged' }], command: 'get' });
    expect(await c.answer()).toEqual({ ok: true, value: 'sk_live_agent_test' });
    c.send({ type: 'call', method: 'audit', args: [{ action: 'get' }], command: 'audit' });
    const entries = (await c.answer())!.value as { origin: { kind: string; command: string; process: { pid: number; command: string; cwd: string; parent: { pid: number } | null } } }[];
    const origin = entries.at(-1)!.origin;
    // The origin is the agent's, never the one the client put in the arguments.
    expect(origin.kind).toBe('agent');
    expect(origin.command).toBe('get');
    expect(origin.process.pid).toBe(process.pid);
    expect(origin.process.cwd).toBe(process.cwd());
    expect(origin.process.command).toContain('node');
    expect(origin.process.parent?.pid).toBe(process.ppid);
    c.close();
  });

  it('refuses a wrong token, a request before hello and another protocol version, and keeps serving', async () => {
    for (const send of [
      (c: RawClient) => c.hello('0'.repeat(64)),
      (c: RawClient) => c.send({ type: 'status' }),
      (c: RawClient) => c.hello(token, { version: 99 }),
    ]) {
      const c = await RawClient.connect(socketPath);
      send(c);
      const a = await c.answer();
      expect(a?.ok).toBe(false);
      await c.closedByAgent();
    }
    await stillServes();
  });

  it('refuses a client that claims a pid or socket it does not hold', async () => {
    const c = await RawClient.connect(socketPath);
    c.send({ type: 'hello', version: 1, token, client: { pid: 1, socketInode: c.inode } });
    const a = await c.answer();
    expect(a).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(a?.error?.message).toMatch(/does not hold this connection|another user/);
    await c.closedByAgent();
    await stillServes();
  });

  it('answers malformed JSON and schema violations with INVALID_INPUT on the same connection', async () => {
    const c = await greeted();
    const body = Buffer.from('{not json', 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    c.socket.write(Buffer.concat([head, body]));
    expect(await c.answer()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed request: not JSON.' } });
    for (const bad of [
      { type: 'call', method: 'unlock', args: [], command: 'x' },
      { type: 'call', method: 'readValue', args: [42], command: 'get' },
      { type: 'nope' },
      [1, 2, 3],
    ]) {
      c.send(bad);
      expect(await c.answer()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    c.send({ type: 'status' });
    expect((await c.answer())?.ok).toBe(true);
    c.close();
  });

  it('refuses an oversized message from its header, before reading it', async () => {
    const c = await greeted();
    const head = Buffer.alloc(4);
    head.writeUInt32BE(MAX_REQUEST_BYTES + 1);
    c.socket.write(head);
    expect(await c.answer()).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    await c.closedByAgent();
    await stillServes();
  });

  it('cuts off a slow (incomplete) message with an error', async () => {
    const c = await greeted();
    const head = Buffer.alloc(4);
    head.writeUInt32BE(100);
    c.socket.write(Buffer.concat([head, Buffer.from('{"type":')]));
    const a = await c.answer();
    expect(a).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(a?.error?.message).toMatch(/did not arrive in time/);
    await c.closedByAgent();
    await stillServes();
  });

  it('survives a truncated message (client hangs up mid-frame) and a client that never says hello', async () => {
    const c = await RawClient.connect(socketPath);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(1000);
    c.socket.write(Buffer.concat([head, Buffer.from('{"type":"hel')]));
    c.close();
    const silent = await RawClient.connect(socketPath);
    await silent.closedByAgent();
    await stillServes();
  });

  it('lock zeroes the keys: further calls fail with LOCKED', async () => {
    const c = await greeted();
    c.send({ type: 'lock', command: 'lock' });
    expect(await c.answer()).toEqual({ ok: true, value: {} });
    expect(lockedBy).toBe('request');
    c.send({ type: 'call', method: 'list', args: [], command: 'ls' });
    expect(await c.answer()).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    c.close();
  });
});

describe('another user', () => {
  it('is refused by the agent itself even when the folder and socket are left open to everyone', async () => {
    if (process.getuid?.() !== 0) return; // needs root to switch user: CI runs as root
    const t = tempDir();
    const open = runtimeDir();
    fs.chmodSync(open, 0o755);
    const { vault, path: vaultPath } = await newVault(t.dir);
    const a = new VaultAgent(vault, { idleMs: null, lifetimeMs: null, onLocked: () => undefined });
    const paths = agentPaths(vaultPath, { XDG_RUNTIME_DIR: open });
    const s = new AgentServer({ paths, backend: a, unsafeModesForTest: true });
    await s.start();
    try {
      const leaked = readToken(paths.token)!;
      const dir = fs.mkdtempSync('/tmp/kh-nobody-');
      fs.chmodSync(dir, 0o755);
      const script = path.join(dir, 'probe.mjs');
      // Even with the token (as if leaked), the uid of the asking process gives it away.
      fs.writeFileSync(script, `
        import net from 'node:net'; import fs from 'node:fs';
        let tokenRead; try { fs.readFileSync(${JSON.stringify(paths.token)}); tokenRead = 'yes'; } catch (e) { tokenRead = e.code; }
        const s = net.connect(${JSON.stringify(paths.socket)});
        s.on('connect', () => {
          const body = Buffer.from(JSON.stringify({ type: 'hello', version: 1, token: ${JSON.stringify(leaked)}, client: { pid: process.pid, socketInode: fs.fstatSync(s._handle.fd).ino } }));
          const head = Buffer.alloc(4); head.writeUInt32BE(body.length); s.write(Buffer.concat([head, body]));
        });
        let got = Buffer.alloc(0);
        s.on('data', (d) => { got = Buffer.concat([got, d]); if (got.length >= 4 && got.length >= 4 + got.readUInt32BE(0)) { console.log(tokenRead, got.subarray(4).toString()); s.destroy(); } });
        s.on('error', (e) => console.log('error', e.code));
      `, { mode: 0o644 });
      // Asynchronously: the agent answering it runs in this process.
      const r = await promisify(execFile)('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, script], { encoding: 'utf8', timeout: 60_000 });
      fs.rmSync(dir, { recursive: true, force: true });
      const [tokenRead, answer] = [r.stdout.slice(0, r.stdout.indexOf(' ')), JSON.parse(r.stdout.slice(r.stdout.indexOf(' ') + 1)) as { ok: boolean; error: { message: string } }];
      expect(tokenRead).toBe('EACCES');
      expect(answer.ok).toBe(false);
      expect(answer.error.message).toMatch(/another user \(uid \d+\)/);
    } finally {
      a.lockNow('signal');
      await s.stop();
      t.cleanup();
      fs.rmSync(open, { recursive: true, force: true });
    }
  });
});
