// Lookup benchmark: what one CLI `get` costs in the vault core (open, unlock, read one value by
// name, lock, close) at 1,000 and at 100,000 credentials. Since schema 2 a lookup by name goes
// through the keyed name index and decrypts one credential, so both sizes should take the same
// time; `list` (which reads everything) is printed beside it for contrast.
// Run: npx node bench/lookup.bench.ts   (sizes via BENCH_SIZES=1000,100000; KDF via BENCH_KDF=low|default)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_KDF, Vault } from '../electron/vault/index.ts';

const SIZES = (process.env.BENCH_SIZES ?? '1000,100000').split(',').map(Number);
const KDF = process.env.BENCH_KDF === 'default' ? DEFAULT_KDF : { memoryCost: 8192, timeCost: 1, parallelism: 1 };
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const origin = { kind: 'cli', command: 'bench' } as const;
const password = 'bench password, not a secret';
const dir = mkdtempSync(join(tmpdir(), 'keyhold-lookup-bench-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function fill(n: number): Promise<string> {
  const path = join(dir, `vault-${n}.keyhold`);
  const vault = await Vault.create(path, password, { kdf: KDF, origin, allowInsecureKdf: true });
  // One transaction for all of them (test hook); 1,000 at a time keeps the WAL small.
  for (let start = 0; start < n; start += 1000) {
    vault.bulkForTest(() => {
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        vault.add({ name: `service-${i % 97}/key-${i}`, service: `service-${i % 97}`, tags: ['bench'], notes: `credential ${i}` }, `sk_bench_${i}_${'a'.repeat(24)}`, origin);
      }
    });
  }
  vault.close();
  return path;
}

interface Figures { unlock: number; get: number; total: number; list: number; fileMiB: number }
interface Samples { unlock: number[]; get: number[]; total: number[] }

/** One CLI-like `get`: open, unlock (deferred audit, as the CLI), read one value by name, close. */
async function oneGet(path: string, n: number, r: number, into: Samples | null): Promise<void> {
  const i = (r * 7919) % n;
  const name = `service-${i % 97}/key-${i}`;
  const t0 = performance.now();
  const v = Vault.open(path);
  v.deferAudit();
  await v.unlock(password, origin);
  const t1 = performance.now();
  const value = v.readValue(name, 'get', origin);
  const t2 = performance.now();
  v.close();
  const t3 = performance.now();
  if (value !== `sk_bench_${i}_${'a'.repeat(24)}`) throw new Error('wrong value');
  into?.unlock.push(t1 - t0);
  into?.get.push(t2 - t1);
  into?.total.push(t3 - t0);
}

async function listAll(path: string, n: number): Promise<number> {
  const v = Vault.open(path);
  await v.unlock(password, origin);
  const t0 = performance.now();
  const listed = v.list().length;
  const ms = performance.now() - t0;
  v.close();
  if (listed !== n) throw new Error(`listed ${listed}, expected ${n}`);
  return ms;
}

try {
  console.log(`Argon2id m=${KDF.memoryCost} KiB t=${KDF.timeCost} p=${KDF.parallelism}; median of ${RUNS} runs; node ${process.version}`);
  const paths: string[] = [];
  for (const n of SIZES) {
    const t0 = performance.now();
    paths.push(await fill(n));
    console.log(`filled ${n} credentials in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  // Sizes take turns run by run, so a change in the machine's load hits all of them alike.
  const samples: Samples[] = SIZES.map(() => ({ unlock: [], get: [], total: [] }));
  for (let r = 0; r <= RUNS; r++) {
    for (let k = 0; k < SIZES.length; k++) await oneGet(paths[k]!, SIZES[k]!, r, r === 0 ? null : samples[k]!);
  }
  const rows: [number, Figures][] = [];
  for (let k = 0; k < SIZES.length; k++) {
    const s = samples[k]!;
    const list = await listAll(paths[k]!, SIZES[k]!);
    rows.push([SIZES[k]!, { unlock: median(s.unlock), get: median(s.get), total: median(s.total), list, fileMiB: statSync(paths[k]!).size / 1024 / 1024 }]);
  }
  console.log('\ncredentials | open+unlock | get by name | open+unlock+get+close | list (all) | file');
  for (const [n, f] of rows) {
    console.log(`${String(n).padStart(11)} | ${f.unlock.toFixed(1).padStart(8)} ms | ${f.get.toFixed(2).padStart(8)} ms | ${f.total.toFixed(1).padStart(18)} ms | ${f.list.toFixed(0).padStart(7)} ms | ${f.fileMiB.toFixed(1)} MiB`);
  }
  if (rows.length >= 2) {
    const [small, large] = [rows[0]!, rows[rows.length - 1]!];
    console.log(`\nopen+unlock+get+close at ${large[0]} vs ${small[0]}: ${(large[1].total / small[1].total).toFixed(2)}x (goal: within 1.2x)`);
    console.log(`get by name alone: ${(large[1].get / small[1].get).toFixed(2)}x`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
