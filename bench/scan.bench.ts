// Leak-scan benchmark: Keyhold's `scan` (a real CLI process, unlock with default Argon2 included;
// and through an unlocked agent) against ripgrep (`rg -F -f values.txt TREE`) and GNU grep
// (`grep -rFf values.txt TREE`) over the same generated 100 MB tree (1,000 text files, a few
// planted values) and the same 10,000 stored values, checking that all report the same lines.
// The commands run interleaved, RUNS rounds, and medians are printed with the load average, since
// other work on the machine slows them all. Keyhold reads its values from the vault's value
// snapshot, which any change to a credential deletes: "first scan after a change" measures a scan
// that rebuilds it from the rows (on a copy of the vault, a credential edited before each run,
// untimed). Where Keyhold's time goes: Node start + the CLI and the scan command's code
// (`scan --help`), the fixed cost of a scan (unlock, reading the values, building the matcher:
// `scan` of an empty folder), and the rest (reading and matching the files). Then
// `scan --git-history` on a generated repository of 5,000 commits.
// Run: npm run build:cli && npm run bench:scan   (BENCH_VALUES, BENCH_MB, BENCH_COMMITS, BENCH_RUNS,
// BENCH_SHAPES=mixed|one: values shaped like real keys of many kinds, the default, or all alike)
//
// values.txt is the peers' input: the benchmark's own random values, written to a private temp
// folder and deleted as soon as the peers have run. Keyhold reads its values from the vault only.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Vault } from '../electron/vault/index.ts';

const VALUES = Number(process.env.BENCH_VALUES ?? 10_000);
const TOTAL_MB = Number(process.env.BENCH_MB ?? 100);
const FILES = 1000;
const PLANTED = 12;
const COMMITS = Number(process.env.BENCH_COMMITS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** `mixed` (default): the shapes of real keys in turn; `one`: every value `sk_bench_<n>_<random>`, which suits grep's skip loop. */
const SHAPES = process.env.BENCH_SHAPES ?? 'mixed';
if (SHAPES !== 'mixed' && SHAPES !== 'one') throw new Error(`BENCH_SHAPES must be mixed or one, not ${SHAPES}`);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'keyhold.js');
const origin = { kind: 'cli', command: 'bench' } as const;
const password = 'bench password, not a secret';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-scan-bench-'));
const vaultPath = path.join(work, 'bench.keyhold');
const passwordFile = path.join(work, 'password');
const tree = path.join(work, 'tree');
const runtimeDir = path.join(work, 'run');
const env = { PATH: process.env.PATH ?? '', HOME: work, XDG_RUNTIME_DIR: runtimeDir, KEYHOLD_VAULT: vaultPath, KEYHOLD_PASSWORD_FILE: passwordFile, KEYHOLD_NO_AGENT: '1' };
/** The same, for `keyhold scan` through the agent: no password file, the agent allowed. */
const agentEnv = { PATH: env.PATH, HOME: work, XDG_RUNTIME_DIR: runtimeDir, KEYHOLD_VAULT: vaultPath };

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Runs a command, returns its wall time and stdout; exit codes 0 and 1 (and Keyhold's 20) are fine. */
function timed(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd ?? work, env: opts.env ?? env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0 && code !== 1 && code !== 20) reject(new Error(`${cmd} exited ${code}: ${err.slice(0, 300)}`));
      else resolve({ ms, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

interface Contender {
  label: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Run before each timed run, untimed. */
  before?: () => Promise<void>;
  times: number[];
  stdout: string;
}

/** RUNS rounds; in each, every contender once, in turn (so a burst of load hits them alike). */
async function interleaved(contenders: Contender[]): Promise<void> {
  for (let round = 0; round < RUNS; round++) {
    for (const c of contenders) {
      await c.before?.();
      const r = await timed(c.cmd, c.args, { env: c.env });
      c.times.push(r.ms);
      c.stdout = r.stdout;
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Starts `keyhold agent` (unlocked with the password file); resolves once it serves. */
function startAgent(): Promise<{ stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'agent', '--idle', '1h'], { env: { ...agentEnv, KEYHOLD_PASSWORD_FILE: passwordFile }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the agent did not start in 120 s: ${err}`)), 120_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (!err.includes('serving')) return;
      clearTimeout(timer);
      resolve({ stop: () => new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }) });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited (${code}): ${err}`));
    });
  });
}

/** `path:line:text` lines of rg -n / grep -n as a sorted list of `path:line`. */
function peerLines(stdout: string): string[] {
  return [...new Set(stdout.split('\n').filter(Boolean).map((l) => {
    const m = /^(.*?):(\d+):/.exec(l);
    return m ? `${path.resolve(m[1]!)}:${m[2]}` : l;
  }))].sort();
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomText(n: number, alphabet = ALNUM): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Value number i: the shapes of real keys in turn (providers' prefixes, hex, base64, UUIDs), random parts, all distinct. */
function benchValue(i: number): string {
  if (SHAPES === 'one') return `sk_bench_${i.toString(36)}_${randomBytes(18).toString('base64url')}`;
  switch (i % 10) {
    case 0: return `sk_live_${randomText(24)}`;
    case 1: return `ghp_${randomText(36)}`;
    case 2: return `AKIA${randomText(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
    case 3: return randomBytes(30).toString('base64');
    case 4: return `xoxb-${1e11 + i}-${randomText(24)}`;
    case 5: return randomBytes(16).toString('hex');
    case 6: return randomUUID();
    case 7: return `AIza${randomText(35)}`;
    case 8: return `sk-proj-${randomText(48)}`;
    default: return `${i.toString(36)}.${randomBytes(24).toString('base64url')}`;
  }
}

const WORDS = 'the of and to in is for on that with as by this are be from or at an it config value token user server request response error timeout retry cache build deploy'.split(' ');
function textLine(rand: Buffer, i: number): string {
  const parts: string[] = [];
  for (let k = 0; k < 10; k++) parts.push(WORDS[rand[(i * 10 + k) % rand.length]! % WORDS.length]!);
  return `${parts.join(' ')} id=${rand.toString('hex', i % 1000, (i % 1000) + 8)}`;
}

function makeTree(values: string[]): Set<string> {
  const perFile = Math.floor((TOTAL_MB * 1e6) / FILES);
  const rand = randomBytes(4096);
  const planted = new Set<string>();
  for (let f = 0; f < FILES; f++) {
    const dir = path.join(tree, `pkg-${f % 20}`, `mod-${f % 7}`);
    fs.mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < perFile; i++) {
      const l = textLine(rand, f * 7919 + i);
      lines.push(l);
      size += l.length + 1;
    }
    const file = path.join(dir, `file-${f}.txt`);
    if (f % Math.floor(FILES / PLANTED) === 0 && planted.size < PLANTED) {
      const line = (f * 31) % lines.length;
      lines[line] = `API_KEY="${values[(f * 13) % values.length]}" # planted`;
      planted.add(`${file}:${line + 1}`);
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
  }
  return planted;
}

/** A repository of COMMITS commits over 200 files via git fast-import; one value committed, then removed. */
function makeRepo(value: string): { repo: string; leakCommit: number } {
  const repo = path.join(work, 'repo');
  fs.mkdirSync(repo);
  spawnSync('git', ['init', '-q', repo]);
  const leakCommit = Math.floor(COMMITS / 3);
  const chunks: string[] = [];
  for (let c = 1; c <= COMMITS; c++) {
    const file = `src/file-${c % 200}.txt`;
    let body = `${textLine(randomBytes(64), c)}\nrevision ${c}\n`;
    if (c === leakCommit) body += `TOKEN=${value}\n`;
    const msg = `commit ${c}`;
    chunks.push(`commit refs/heads/main\ncommitter Bench <b@example.com> ${1_700_000_000 + c} +0000\ndata ${msg.length}\n${msg}\n${c > 1 ? '' : ''}M 100644 inline ${file}\ndata ${Buffer.byteLength(body)}\n${body}\n`);
  }
  const r = spawnSync('git', ['-C', repo, 'fast-import', '--quiet'], { input: chunks.join('') });
  if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
  spawnSync('git', ['-C', repo, 'checkout', '-q', 'main']);
  return { repo, leakCommit };
}

try {
  for (const tool of ['rg', 'grep', 'git']) if (!have(tool)) throw new Error(`${tool} is not installed (Debian: apt-get install ${tool === 'rg' ? 'ripgrep' : tool})`);
  fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  let t0 = performance.now();
  const values = Array.from({ length: VALUES }, (_, i) => benchValue(i));
  const vault = await Vault.create(vaultPath, password); // default Argon2id parameters
  for (let i = 0; i < VALUES; i++) vault.add({ name: `svc-${i % 50}/key-${i}` }, values[i]!, origin);
  vault.close();
  console.log(`setup: vault with ${VALUES} values in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  t0 = performance.now();
  const planted = makeTree(values);
  const treeBytes = spawnSync('du', ['-sb', tree], { encoding: 'utf8' }).stdout.split('\t')[0];
  const mb = Number(treeBytes) / 1e6;
  console.log(`setup: tree of ${FILES} files, ${mb.toFixed(1)} MB, ${planted.size} planted values, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  spawnSync('sh', ['-c', `cat $(find '${tree}' -type f) > /dev/null`]); // same warm page cache for everyone

  const empty = path.join(work, 'empty');
  fs.mkdirSync(empty);
  fs.mkdirSync(runtimeDir, { mode: 0o700 });
  const peerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhold-scan-bench-values-'));
  const valuesFile = path.join(peerDir, 'values.txt');
  const node = process.execPath;
  const keyhold: Contender = { label: 'keyhold scan (unlock included)', cmd: node, args: [BIN, 'scan', tree, '--json'], times: [], stdout: '' };
  const viaAgent: Contender = { label: 'keyhold scan, agent unlocked', cmd: node, args: [BIN, 'scan', tree, '--json'], env: agentEnv, times: [], stdout: '' };
  const rg: Contender = { label: 'rg -F -f values.txt', cmd: 'rg', args: ['-F', '-n', '-f', valuesFile, tree], times: [], stdout: '' };
  const grep: Contender = { label: 'grep -rFf values.txt', cmd: 'grep', args: ['-rnFf', valuesFile, tree], times: [], stdout: '' };
  const start: Contender = { label: 'node start + scan code (scan --help)', cmd: node, args: [BIN, 'scan', '--help'], times: [], stdout: '' };
  const fixed: Contender = { label: 'scan of an empty folder', cmd: node, args: [BIN, 'scan', empty, '--json'], times: [], stdout: '' };
  const changedPath = path.join(work, 'changed.keyhold');
  fs.copyFileSync(vaultPath, changedPath);
  let edits = 0;
  const afterChange: Contender = {
    label: 'first scan after a change', cmd: node, args: [BIN, 'scan', tree, '--json'], env: { ...env, KEYHOLD_VAULT: changedPath }, times: [], stdout: '',
    before: async () => {
      const v = Vault.open(changedPath);
      await v.unlock(password, origin);
      v.edit('svc-0/key-0', { notes: `edit ${++edits}` }, origin);
      v.close(origin);
    },
  };
  const loadBefore = os.loadavg()[0]!;
  const agent = await startAgent();
  try {
    fs.writeFileSync(valuesFile, values.join('\n') + '\n', { mode: 0o600 });
    await interleaved([keyhold, rg, viaAgent, grep, afterChange, start, fixed]);
  } finally {
    fs.rmSync(peerDir, { recursive: true, force: true });
    await agent.stop();
  }
  const loadAfter = os.loadavg()[0]!;
  const khLines = (c: Contender): string[] => [...new Set((JSON.parse(c.stdout) as { hits: { file: string; line: number }[] }).hits.map((h) => `${h.file}:${h.line}`))].sort();
  const expected = JSON.stringify([...planted].sort());
  const found = [khLines(keyhold), khLines(viaAgent), peerLines(rg.stdout), peerLines(grep.stdout), khLines(afterChange)];
  const same = found.every((f) => JSON.stringify(f) === expected);

  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
  const rgMs = median(rg.times);
  console.log(`\nfile scan, ${mb.toFixed(0)} MB, ${VALUES} values (${SHAPES === 'one' ? 'one shape, sk_bench_…' : 'mixed shapes: Stripe, GitHub, AWS, Slack, Google, OpenAI, hex, base64, UUID'}): median of ${RUNS} interleaved runs, ${os.availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`);
  for (const c of [keyhold, viaAgent, rg, grep, afterChange]) {
    const ms = median(c.times);
    console.log(`  ${c.label.padEnd(32)} ${s(ms).padStart(8)}  ${rate(ms).padStart(9)}   /rg = ${(ms / rgMs).toFixed(2)}   (runs: ${c.times.map((t) => (t / 1000).toFixed(2)).join(' ')})`);
  }
  console.log(`  findings: keyhold ${found[0]!.length}, via agent ${found[1]!.length}, rg ${found[2]!.length}, grep ${found[3]!.length}, after a change ${found[4]!.length}, planted ${planted.size}: ${same ? 'identical' : 'DIFFERENT'}`);
  console.log('  (keyhold also searches each value\'s base64 and percent-encoded forms and key formats: 4-5 needles per value)');
  const startMs = median(start.times);
  const fixedMs = median(fixed.times);
  console.log(`where keyhold's time goes (medians): node start + scan code ${s(startMs)}; unlock + ${VALUES} values from the snapshot + matcher ${s(fixedMs - startMs)}; reading and matching the tree ${s(median(keyhold.times) - fixedMs)}`);
  if (!same) process.exitCode = 1;

  t0 = performance.now();
  const { repo, leakCommit } = makeRepo(values[7]!);
  console.log(`\nsetup: git repository of ${COMMITS} commits in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const hist = await timed(process.execPath, [BIN, 'scan', '--git-history', '--json'], { cwd: repo });
  const h = JSON.parse(hist.stdout) as { hits: { commit: string | null; file: string }[]; stats: { blobs: number; bytes: number } };
  const leakSha = spawnSync('git', ['-C', repo, 'rev-list', '--reverse', 'main'], { encoding: 'utf8' }).stdout.split('\n')[leakCommit - 1];
  const foundLeak = h.hits.length === 1 && h.hits[0]!.commit === leakSha;
  console.log(`git history: ${s(hist.ms)} for ${h.stats.blobs} blobs (${(h.stats.bytes / 1e6).toFixed(1)} MB) read once each; the planted value ${foundLeak ? 'found in its first commit' : 'NOT FOUND correctly'}`);
  if (!foundLeak) process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
