// Vault benchmark: fills a vault with N credentials (default Argon2 parameters) and prints the
// figures the roadmap asks for. Run: npm run bench   (N via BENCH_N, default 10000)
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_KDF, Vault } from '../electron/vault/index.ts';
import { deriveKek, randomSalt } from '../electron/vault/crypto.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
const origin = { kind: 'cli', command: 'bench' } as const;
const password = 'bench password, not a secret';
const dir = mkdtempSync(join(tmpdir(), 'keyhold-bench-'));
const path = join(dir, 'bench.keyhold');

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}
function size(p: string): number {
  return existsSync(p) ? statSync(p).size : 0;
}
function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

try {
  let t0 = performance.now();
  const kek = await deriveKek(password, randomSalt(), DEFAULT_KDF);
  kek.fill(0);
  const argon = ms(t0);

  t0 = performance.now();
  const vault = await Vault.create(path, password);
  const create = ms(t0);

  t0 = performance.now();
  for (let i = 0; i < N; i++) {
    vault.add(
      { name: `service-${i % 97}/key-${i}`, service: `service-${i % 97}`, environment: (['dev', 'staging', 'prod', 'other'] as const)[i % 4], tags: [`team-${i % 13}`, 'bench'], notes: `Benchmark credential number ${i}` },
      `sk_bench_${i.toString(36).padStart(8, '0')}_${'a'.repeat(24)}`,
      origin,
    );
  }
  const insertMs = performance.now() - t0;
  vault.close();

  const v = Vault.open(path);
  t0 = performance.now();
  await v.unlock(password, origin);
  const unlock = ms(t0);

  t0 = performance.now();
  const all = v.list({ scope: 'all' });
  const list = ms(t0);
  if (all.length !== N) throw new Error(`expected ${N} credentials, listed ${all.length}`);

  t0 = performance.now();
  v.readValue(`service-${(N >> 1) % 97}/key-${N >> 1}`, 'get', origin);
  const get = ms(t0);

  t0 = performance.now();
  const report = v.verify();
  const verify = ms(t0);
  if (!report.ok) throw new Error('verify failed on the bench vault');

  t0 = performance.now();
  const entries = v.audit().length;
  const audit = ms(t0);
  v.close();

  const rows: [string, string][] = [
    ['credentials', String(N)],
    ['Argon2id alone (64 MiB, t=3, p=4)', argon],
    ['create vault', create],
    ['insert all (one transaction per add)', `${insertMs.toFixed(0)} ms (${(insertMs / N).toFixed(3)} ms/add)`],
    ['unlock (Argon2 + decrypt index)', unlock],
    ['list all', list],
    ['one get (readValue, audited)', get],
    ['verify (all records + audit chain)', verify],
    [`read audit (${entries} entries)`, audit],
    ['vault file size (after close)', `${mib(size(path))} (+ wal ${mib(size(`${path}-wal`))})`],
    ['peak RSS', mib(process.resourceUsage().maxRSS * 1024)],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  for (const [k, val] of rows) console.log(`${k.padEnd(w)}  ${val}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
