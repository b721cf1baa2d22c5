// Browser benchmark of the renderer with 10,000 credentials, in Debian's Chromium through the e2e
// harness (real application service, real vault file):
//   - unlock: from the Enter keystroke in the password field to the first painted frame showing the
//     rows (includes Argon2id with the default parameters, the 10k-item list over the bridge and
//     the first render);
//   - search: from a keystroke in the search field to the list reflecting the new query (DOM), and
//     to the next rendered frame after that, for ~100 keystrokes (typing and deleting) of varied
//     queries. Keystrokes that do not change the result are typed but not timed.
// Times are taken in the page with performance.now(): a capturing keydown listener starts the clock,
// a MutationObserver sees the count line reach the expected text, and requestAnimationFrame followed
// by a message-channel task marks the frame after it was rendered.
// Run: npm run bench:search     (BENCH_N=10000, BENCH_KDF=default|low)
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import type { OpResult } from '../shared/contract.ts';
import { DEFAULT_KDF, type CredentialInput } from '../shared/model.ts';
import { Vault } from '../electron/vault/index.ts';
import { LOW_KDF, seedFields, startApp } from '../test/e2e/harness.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
const KDF = process.env.BENCH_KDF === 'low' ? LOW_KDF : DEFAULT_KDF;
const SEARCH_SAMPLES = 100;
/** Names, services, tags, notes, index digits and a miss; typed, then deleted, until enough samples. */
const QUERIES = ['4217', 'stripe', '9999', 'github', 'job 42', '0815', 'dev-00', '3141', 'legacy', '2718', 'sendgrid/st', 'payments', 'aws/prod-07', 'zzz', 'cloudflare/prod', '5', 'mobile', 'datadog'];

interface Timing {
  dom: number;
  frame: number;
}

function countText(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'credential' : 'credentials'}`;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

function summary(label: string, xs: number[]): string {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `${label.padEnd(34)} p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms   p95 ${pct(xs, 95).toFixed(1).padStart(6)} ms   max ${Math.max(...xs).toFixed(1).padStart(6)} ms   mean ${mean.toFixed(1).padStart(6)} ms`;
}

/** Installs the in-page probe: __keyholdProbe(expected) resolves once the next keystroke has led to `expected` in the count line. */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __keyholdProbe: (expected: string) => Promise<Timing> }).__keyholdProbe = (expected) =>
      new Promise<Timing>((resolve, reject) => {
        let t0: number | null = null;
        window.addEventListener('keydown', () => {
          t0 = performance.now();
        }, { capture: true, once: true });
        const done = (): boolean => {
          const count = document.querySelector('.list-count');
          const rows = document.querySelectorAll('[role="listbox"] [role="option"]').length;
          return t0 !== null && count?.textContent === expected && (expected.startsWith('0 ') || rows > 0);
        };
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`the list never showed "${expected}" (it shows "${document.querySelector('.list-count')?.textContent}")`));
        }, 60_000);
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          clearTimeout(timer);
          const dom = performance.now() - t0!;
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve({ dom, frame: performance.now() - t0! });
            channel.port2.postMessage(null);
          });
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
  });
}

function probe(page: Page, expected: string): Promise<void> {
  return page.evaluate((e) => {
    const w = window as unknown as { __keyholdProbe: (e: string) => Promise<Timing>; __keyholdPending?: Promise<Timing> };
    w.__keyholdPending = w.__keyholdProbe(e);
    // Keep an early rejection from going unhandled; it is reported when awaited.
    w.__keyholdPending.catch(() => undefined);
  }, expected);
}

function result(page: Page): Promise<Timing> {
  return page.evaluate(() => (window as unknown as { __keyholdPending: Promise<Timing> }).__keyholdPending);
}

/** Two frames: lets an untimed keystroke settle before the next one. */
function settle(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

const now = Date.now();
const fields: CredentialInput[] = Array.from({ length: N }, (_, i) => seedFields(i, now));
/** The renderer's search, as the issue defines it: a case-insensitive substring of name, service, tags or notes. */
const haystacks = fields.map((f) => [f.name, f.service ?? '', ...(f.tags ?? []), f.notes ?? ''].join('\n').toLowerCase());
const matching = (q: string) => {
  const needle = q.trim().toLowerCase();
  return needle === '' ? N : haystacks.filter((h) => h.includes(needle)).length;
};

let app: Awaited<ReturnType<typeof startApp>> | undefined;
try {
  let t = performance.now();
  const seedMs: number[] = [];
  app = await startApp({
    vaultFile: async (path, password) => {
      const vault = await Vault.create(path, password, { kdf: KDF, allowInsecureKdf: true });
      const origin = { kind: 'cli', command: 'bench' } as const;
      for (let i = 0; i < N; i++) vault.add(fields[i]!, `bench-value-${i}`, origin);
      vault.close();
      seedMs.push(performance.now() - t);
    },
  });
  const { page, service } = app;
  console.log(`${N} credentials written with the Vault class in ${(seedMs[0]! / 1000).toFixed(1)} s; Argon2id m=${KDF.memoryCost} KiB t=${KDF.timeCost} p=${KDF.parallelism}`);

  // Time the service's side of each call too, to split the unlock figure.
  const serviceMs = new Map<string, number[]>();
  const handle = service.handle.bind(service);
  service.handle = async (op: string, input: unknown, origin?: Parameters<typeof handle>[2]): Promise<OpResult<unknown>> => {
    const t0 = performance.now();
    try {
      return await handle(op, input, origin);
    } finally {
      serviceMs.set(op, [...(serviceMs.get(op) ?? []), performance.now() - t0]);
    }
  };

  // ---- unlock → rows visible, three times (lock with Ctrl+L in between)
  const password = page.getByLabel('Master password');
  const unlocks: Timing[] = [];
  for (let round = 0; round < 3; round++) {
    await password.waitFor();
    await password.fill(app.password);
    await installProbe(page);
    await probe(page, countText(N));
    await password.press('Enter');
    unlocks.push(await result(page));
    if (round < 2) {
      await page.keyboard.press('Control+l');
      await page.getByRole('heading', { name: /^Unlock/ }).waitFor();
    }
  }
  console.log('');
  console.log('Unlock (Enter → rows painted), 3 runs:', unlocks.map((u) => `${u.frame.toFixed(0)} ms`).join(', '));
  console.log(`  of which in the service: vault.unlock ${(serviceMs.get('vault.unlock') ?? []).map((x) => x.toFixed(0)).join(' / ')} ms;`
    + ` credentials.list (all ${N}) ${(serviceMs.get('credentials.list') ?? []).map((x) => x.toFixed(0)).join(' / ')} ms`);

  // ---- search keystrokes
  const search = page.getByRole('searchbox', { name: 'Search credentials' });
  await search.focus();
  await installProbe(page);
  const typing: Timing[] = [];
  const deleting: Timing[] = [];
  let typed = '';
  let skipped = 0;
  const key = async (k: string, next: string, into: Timing[]) => {
    const before = matching(typed);
    const after = matching(next);
    typed = next;
    if (after === before) {
      await page.keyboard.press(k);
      await settle(page);
      skipped++;
      return;
    }
    await probe(page, countText(after));
    await page.keyboard.press(k);
    into.push(await result(page));
  };
  t = performance.now();
  const used: string[] = [];
  for (const q of QUERIES) {
    if (typing.length + deleting.length >= SEARCH_SAMPLES) break;
    used.push(q);
    for (const ch of q) await key(ch === ' ' ? 'Space' : ch, typed + ch, typing);
    while (typed.length > 0) await key('Backspace', typed.slice(0, -1), deleting);
  }
  const all = [...typing, ...deleting];
  console.log('');
  console.log(`Search keystroke → updated list, ${all.length} keystrokes timed (${typing.length} typing, ${deleting.length} deleting; ${skipped} untimed), ${N} credentials:`);
  console.log(summary('  to the DOM reflecting the query', all.map((x) => x.dom)));
  console.log(summary('  to the next rendered frame', all.map((x) => x.frame)));
  console.log(summary('  typing only, to the frame', typing.map((x) => x.frame)));
  console.log(summary('  deleting only, to the frame', deleting.map((x) => x.frame)));
  console.log(`  (whole search run ${((performance.now() - t) / 1000).toFixed(1)} s; queries: ${used.map((q) => `"${q}"`).join(', ')})`);
  if (app.problems.length) console.log('page problems:', app.problems);
} finally {
  await app?.close();
}
