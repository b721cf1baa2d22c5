// keyhold run benchmarks. Run: npm run bench:run
//  1. Masking overhead: a child writes 100 MB (BENCH_RUN_MB) of log lines through `keyhold run`
//     with 50 masked values, against the same with --no-masking; prints both throughputs and
//     the ratio (target: at most 1.5x).
//  2. `keyhold run -- true` wall time on a 10,000-credential vault (BENCH_N) with
//     KEYHOLD_PASSWORD_FILE and the default Argon2 parameters, then with the agent (`keyhold
//     unlock` once; `ctx.unlock()` uses the agent transparently; target under 100 ms).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Vault } from '../electron/vault/index.ts';
import type { KdfParams } from '../shared/model.ts';

const BIN = resolve(fileURLToPath(import.meta.url), '../../bin/keyhold.js');
const MB = Number(process.env.BENCH_RUN_MB ?? 100);
const N = Number(process.env.BENCH_N ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const origin = { kind: 'cli', command: 'bench' } as const;
const password = 'bench password, not a secret';
const dir = mkdtempSync(join(tmpdir(), 'keyhold-run-bench-'));
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });

/** Runs keyhold with stdout drained by us; returns wall time in ms and the bytes received. */
function timeRun(vault: string, args: string[]): Promise<{ ms: number; bytes: number; code: number | null }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--', BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, KEYHOLD_VAULT: vault, KEYHOLD_PASSWORD_FILE: passwordFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.on('error', fail);
    child.on('close', (code) => done({ ms: performance.now() - t0, bytes, code }));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function makeVault(name: string, count: number, kdf?: KdfParams): Promise<{ path: string; names: string[] }> {
  const path = join(dir, name);
  const vault = await Vault.create(path, password, kdf ? { kdf } : {});
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = `service-${i % 97}/key-${i}`;
    vault.add({ name: n, service: `service-${i % 97}`, tags: ['bench'] }, `sk_bench_${crypto.randomBytes(16).toString('hex')}`, origin);
    names.push(n);
  }
  vault.close();
  return { path, names };
}

try {
  // 1. Masking overhead. OWASP's minimum Argon2 here: this row measures the output path, not the unlock.
  const small = await makeVault('mask.keyhold', 50, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const refFile = join(dir, 'mask.env.keyhold');
  writeFileSync(refFile, small.names.map((n, i) => `V${i}=keyhold:${n}`).join('\n') + '\n');
  const writer = join(dir, 'writer.mjs');
  writeFileSync(writer, `
    const line = Buffer.from('2026-12-01T10:00:00.000Z INFO GET /api/v1/items?page=3 200 12ms user=alice request-id=5f1c2a9e\\n');
    const chunk = Buffer.concat(Array.from({ length: Math.ceil(65536 / line.length) }, () => line)).subarray(0, 65536);
    let left = ${MB} * 1024 * 1024;
    function pump() {
      while (left > 0) { left -= chunk.length; if (!process.stdout.write(chunk)) return process.stdout.once('drain', pump); }
    }
    pump();`);
  const child = [process.execPath, writer];
  const rows: Record<string, number[]> = { masked: [], unmasked: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [label, extra] of [['unmasked', ['--no-masking']], ['masked', []]] as const) {
      const res = await timeRun(small.path, ['run', ...extra, '--env-file', refFile, '--', ...child]);
      if (res.code !== 0 || res.bytes < MB * 1024 * 1024) throw new Error(`${label} run failed (exit ${res.code}, ${res.bytes} bytes)`);
      rows[label]!.push(res.ms);
    }
  }
  const masked = median(rows.masked!);
  const unmasked = median(rows.unmasked!);
  const mbps = (ms: number) => ((MB * 1024 * 1024) / 1e6 / (ms / 1000)).toFixed(0);
  console.log(`masking: ${MB} MB through keyhold run, 50 masked values (median of ${ROUNDS})`);
  console.log(`  --no-masking   ${unmasked.toFixed(0).padStart(6)} ms  ${mbps(unmasked)} MB/s`);
  console.log(`  masking        ${masked.toFixed(0).padStart(6)} ms  ${mbps(masked)} MB/s`);
  console.log(`  ratio          ${(masked / unmasked).toFixed(2)}x (target <= 1.5x)`);

  // 2. Start-up on a big vault with the default Argon2 parameters and a password file.
  const big = await makeVault('big.keyhold', N);
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const res = await timeRun(big.path, ['run', '--env', `K=keyhold:${big.names[N >> 1]}`, '--', 'true']);
    if (res.code !== 0) throw new Error(`run -- true failed (exit ${res.code})`);
    times.push(res.ms);
  }
  console.log(`keyhold run -- true, ${N} credentials, KEYHOLD_PASSWORD_FILE, default Argon2: ${median(times).toFixed(0)} ms (median of ${ROUNDS}; runs ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);

  // 3. The same with the agent holding the vault open.
  const unlocked = await timeRun(big.path, ['unlock']);
  if (unlocked.code !== 0) throw new Error(`keyhold unlock failed (exit ${unlocked.code})`);
  try {
    const agentTimes: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const res = await timeRun(big.path, ['run', '--env', `K=keyhold:${big.names[N >> 1]}`, '--', 'true']);
      if (res.code !== 0) throw new Error(`run -- true through the agent failed (exit ${res.code})`);
      agentTimes.push(res.ms);
    }
    console.log(`keyhold run -- true, ${N} credentials, through the agent: ${median(agentTimes).toFixed(0)} ms (median of ${ROUNDS}; runs ${agentTimes.map((t) => t.toFixed(0)).join(', ')} ms; target < 100 ms)`);
  } finally {
    await timeRun(big.path, ['lock']);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
