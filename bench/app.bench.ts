// Application service benchmark: credentials.list (search, filters, sorts) and audit.list over N
// credentials, through handle() as the renderer calls it. Run:
//   node --experimental-strip-types bench/app.bench.ts      (N via BENCH_N, default 10000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppService } from '../electron/app/service.ts';
import { FakePlatform } from '../test/support/fake-platform.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
const dir = mkdtempSync(join(tmpdir(), 'keyhold-app-bench-'));
const platform = new FakePlatform();
const service = new AppService({ vaultPath: join(dir, 'bench.keyhold'), platform, kdf: { memoryCost: 8192, timeCost: 1, parallelism: 1 }, allowInsecureKdf: true });

async function call(op: string, input: unknown): Promise<unknown> {
  const r = await service.handle(op, input);
  if (!r.ok) throw new Error(`${op}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function time(label: string, op: string, input: unknown, runs = 5): Promise<void> {
  await call(op, input); // warm
  const t0 = performance.now();
  let out: unknown;
  for (let i = 0; i < runs; i++) out = await call(op, input);
  const total = (out as { total?: number }).total;
  console.log(`${label.padEnd(44)} ${((performance.now() - t0) / runs).toFixed(1).padStart(7)} ms${total !== undefined ? `  (${total} hits)` : ''}`);
}

try {
  await call('vault.create', { password: 'bench password, not a secret' });
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    await call('credentials.create', {
      fields: {
        name: `service-${i % 97}/key-${i}`, service: `service-${i % 97}`, environment: (['dev', 'staging', 'prod', 'other'] as const)[i % 4],
        tags: [`team-${i % 13}`, 'bench'], notes: `Benchmark credential number ${i}`,
        ...(i % 3 === 0 ? { expiresAt: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString() } : {}),
      },
      value: { kind: 'text', value: `sk_bench_${i}_${'a'.repeat(24)}` },
    });
  }
  console.log(`created ${N} credentials through handle() in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await time('list, no query (all items)', 'credentials.list', {});
  await time('list, first page of 100', 'credentials.list', { limit: 100 });
  await time('search "key-99" (substring), page of 100', 'credentials.list', { query: 'KEY-99', limit: 100 });
  await time('search miss', 'credentials.list', { query: 'no such thing' });
  await time('tag + environment filter', 'credentials.list', { tag: 'team-3', environment: 'prod', limit: 100 });
  await time('sort by expiry, page of 100', 'credentials.list', { sort: 'expiry', limit: 100 });
  await time('sort by rotation, page of 100', 'credentials.list', { sort: 'rotated', limit: 100 });
  await time('audit.list, newest 200 (with chain check)', 'audit.list', { limit: 200 }, 2);
  await time('tags.list', 'tags.list', {});
} finally {
  await service.dispose();
  rmSync(dir, { recursive: true, force: true });
}
