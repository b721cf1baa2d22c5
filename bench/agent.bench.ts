// The agent against KeePassXC: wall time of `keyhold get NAME` (the bundled CLI, through the agent
// and without it) and `keepassxc-cli show` on the same entries, side by side with ratios.
// Run: npm run build:cli && node bench/agent.bench.ts
//   BENCH_RUNS (default 10) runs per cell, median reported; BENCH_BIG (default 100000) for the
//   size test of the agent; needs keepassxc-cli (Debian: keepassxc) for the KeePassXC columns.
// KeePassXC set-ups: the database as `keepassxc-cli db-create` writes it (KDBX 3.1, AES-KDF), then
// filled through kdbxweb keeping that format; and the same rewritten as KDBX 4 with Argon2id
// 64 MiB / 3 passes / 4 lanes (keepassxc-cli cannot choose the KDF). keyhold uses its default
// Argon2id (64 MiB / 3 / 4).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashRaw } from '@node-rs/argon2';
import kdbxweb from 'kdbxweb';
import { DEFAULT_KDF, Vault } from '../electron/vault/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'keyhold.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const BIG = Number(process.env.BENCH_BIG ?? 100_000);
const PASSWORD = 'bench password, not a secret';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-agent-bench-'));
const rt = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-bench-rt-'));
fs.chmodSync(rt, 0o700);
const passwordFile = path.join(dir, 'password');
fs.writeFileSync(passwordFile, PASSWORD + '\n', { mode: 0o600 });
const haveKeepass = spawnSync('sh', ['-c', 'command -v keepassxc-cli']).status === 0;
if (!fs.existsSync(path.join(ROOT, 'out/cli/keyhold.js'))) throw new Error('Build the CLI first: npm run build:cli');

const nameOf = (i: number) => `service-${i % 97}-key-${i}`;
const valueOf = (i: number) => `sk_bench_${i.toString(36).padStart(8, '0')}_${'a'.repeat(24)}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time (ms) of `argv` over RUNS runs after one warm-up; checks the output. */
function time(argv: string[], opts: { env?: Record<string, string>; input?: string; expect: string }): number {
  const times: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    const out = spawnSync(argv[0]!, argv.slice(1), { env: { PATH: process.env.PATH!, ...opts.env }, input: opts.input ?? '', encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (out.stdout.trim() !== opts.expect) throw new Error(`${argv.join(' ')}: unexpected output (${out.status}): ${out.stderr.slice(0, 300)}`);
    if (r > 0) times.push(ms);
  }
  return median(times);
}

// ---------------------------------------------------------------- KeePassXC databases

kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
  const out = await hashRaw(Buffer.from(password), {
    salt: Buffer.from(salt), memoryCost: memory, timeCost: iterations, outputLen: length, parallelism,
    // @node-rs/argon2's const enums: Argon2d 0, Argon2id 2; V0x10 0, V0x13 1.
    algorithm: type === 2 ? 2 : 0, version: version === 0x13 ? 1 : 0,
  });
  return new Uint8Array(out).buffer;
});

async function keepassDbs(n: number): Promise<{ kdbx31: string; kdbx4: string }> {
  const kdbx31 = path.join(dir, `kp-${n}-31.kdbx`);
  const kdbx4 = path.join(dir, `kp-${n}-4.kdbx`);
  const made = spawnSync('keepassxc-cli', ['db-create', '--set-password', kdbx31], { input: `${PASSWORD}\n${PASSWORD}\n`, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`keepassxc-cli db-create failed: ${made.stderr}`);
  const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(PASSWORD));
  const db = await kdbxweb.Kdbx.load(new Uint8Array(fs.readFileSync(kdbx31)).buffer, credentials);
  const group = db.getDefaultGroup();
  for (let i = 0; i < n; i++) {
    const e = db.createEntry(group);
    e.fields.set('Title', nameOf(i));
    e.fields.set('UserName', `service-${i % 97}`);
    e.fields.set('Password', kdbxweb.ProtectedValue.fromString(valueOf(i)));
    e.fields.set('Notes', `Benchmark credential number ${i}`);
  }
  fs.writeFileSync(kdbx31, Buffer.from(await db.save()));
  db.setVersion(4);
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const params = db.header.kdfParameters!;
  params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(64 * 1024 * 1024));
  params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(3));
  params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, 4);
  fs.writeFileSync(kdbx4, Buffer.from(await db.save()));
  return { kdbx31, kdbx4 };
}

function keepassShow(db: string, i: number): number {
  return time(['keepassxc-cli', 'show', '-q', '-a', 'Password', db, nameOf(i)], { input: PASSWORD + '\n', expect: valueOf(i) });
}

// ---------------------------------------------------------------- keyhold vaults and agents

async function keyholdVault(n: number): Promise<string> {
  const file = path.join(dir, `kh-${n}.keyhold`);
  const vault = await Vault.create(file, PASSWORD, { kdf: DEFAULT_KDF });
  for (let i = 0; i < n; i++) {
    vault.add({ name: nameOf(i), service: `service-${i % 97}`, tags: ['bench'], notes: `Benchmark credential number ${i}` }, valueOf(i), { kind: 'cli', command: 'bench' });
  }
  vault.close();
  return file;
}

const baseEnv = (vault: string) => ({ HOME: dir, XDG_RUNTIME_DIR: rt, KEYHOLD_VAULT: vault });

/** Starts `keyhold agent` in the foreground for `vault`; resolves with its pid once it serves. */
function startAgent(vault: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'agent', '--idle', '1h'], { env: { PATH: process.env.PATH!, ...baseEnv(vault), KEYHOLD_PASSWORD_FILE: passwordFile }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('serving')) {
        resolve({
          pid: child.pid!,
          stop: () => new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`agent exited (${code}): ${err}`)));
  });
}

function agentGet(vault: string, i: number): number {
  return time([process.execPath, BIN, 'get', nameOf(i)], { env: baseEnv(vault), expect: valueOf(i) });
}

function directGet(vault: string, i: number): number {
  return time([process.execPath, BIN, 'get', nameOf(i)], { env: { ...baseEnv(vault), KEYHOLD_PASSWORD_FILE: passwordFile, KEYHOLD_NO_AGENT: '1' }, expect: valueOf(i) });
}

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

// ---------------------------------------------------------------- the table

const f = (ms: number) => `${ms.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const rows: string[][] = [];
const notes: string[] = [];

try {
  console.error(`keyhold agent benchmark: ${RUNS} runs per cell (median), Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
  for (const n of [1000, 10_000]) {
    console.error(`preparing ${n} entries…`);
    const vault = await keyholdVault(n);
    const agent = await startAgent(vault);
    const pick = Math.floor(n / 2);
    const viaAgent = agentGet(vault, pick);
    const runTrue = n === 1000
      ? time([process.execPath, BIN, 'run', '--env', `BENCH_KEY=keyhold:${nameOf(pick)}`, '--', 'sh', '-c', 'test -n "$BENCH_KEY" && echo ok'], { env: baseEnv(vault), expect: 'ok' })
      : null;
    if (n === 10_000) {
      spawnSync(process.execPath, [BIN, 'ls', '--json'], { env: { PATH: process.env.PATH!, ...baseEnv(vault) }, stdio: 'ignore' });
      notes.push(`Peak RSS of the agent with 10,000 credentials: ${peakRssMiB(agent.pid).toFixed(1)} MiB (after ${RUNS + 1} gets and one ls of all of them)`);
    }
    await agent.stop();
    if (haveKeepass) {
      const kp = await keepassDbs(n);
      const kp31 = keepassShow(kp.kdbx31, pick);
      const kp4 = keepassShow(kp.kdbx4, pick);
      rows.push([`get via agent, ${n}`, f(viaAgent), `KDBX 3.1 AES-KDF ${f(kp31)}`, ratio(viaAgent, kp31), 'target ≤ 0.50×']);
      rows.push([`get via agent, ${n}`, f(viaAgent), `KDBX 4 Argon2id ${f(kp4)}`, ratio(viaAgent, kp4), 'target ≤ 0.50×']);
      if (n === 1000) {
        const direct = directGet(vault, pick);
        rows.push([`get without agent, ${n}`, f(direct), `KDBX 3.1 AES-KDF ${f(kp31)}`, ratio(direct, kp31), 'target ≤ 1.00×']);
        rows.push([`get without agent, ${n}`, f(direct), `KDBX 4 Argon2id ${f(kp4)}`, ratio(direct, kp4), 'target ≤ 1.00×']);
      }
    } else {
      rows.push([`get via agent, ${n}`, f(viaAgent), 'keepassxc-cli not installed', '-', '']);
    }
    if (n === 1000) {
      console.error(`preparing ${BIG} entries for the size test…`);
      const big = await keyholdVault(BIG);
      const bigAgent = await startAgent(big);
      const viaBig = agentGet(big, Math.floor(BIG / 2));
      await bigAgent.stop();
      rows.push(['run -- (one key) via agent, 1000', f(runTrue!), '-', '-', 'target < 100 ms']);
      rows.push([`get via agent, ${BIG}`, f(viaBig), `same at 1000: ${f(viaAgent)}`, ratio(viaBig, viaAgent), 'target within 20%']);
    }
  }
  const table = [['case', 'keyhold', 'keepassxc-cli show', 'ratio', ''], ...rows];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  for (const r of table) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  for (const n of notes) console.log(n);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rt, { recursive: true, force: true });
}
