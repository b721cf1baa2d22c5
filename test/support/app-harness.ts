// Drives the application service the way the renderer does: only through handle(), with every
// successful output checked against the contract's output schema.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { contract, type AppEvent, type OpName, type OpOutput } from '../../shared/contract.ts';
import type { KeyholdErrorData } from '../../shared/errors.ts';
import type { KdfParams } from '../../shared/model.ts';
import { AppService, type AppServiceOptions } from '../../electron/app/service.ts';
import { FakePlatform } from './fake-platform.ts';

export const LOW_KDF: KdfParams = { memoryCost: 8192, timeCost: 1, parallelism: 1 };
export const PASSWORD = 'correct horse battery staple';

export interface Harness {
  dir: string;
  vaultPath: string;
  platform: FakePlatform;
  service: AppService;
  events: AppEvent[];
  /** Calls an operation that must succeed; returns its schema-checked output. */
  call<K extends OpName>(op: K, input: unknown): Promise<OpOutput<K>>;
  /** Calls an operation that must fail; returns the error. */
  fail(op: string, input: unknown): Promise<KeyholdErrorData>;
  /** A second service over the same vault file (like an app restart). */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function harness(opts: { create?: boolean; share?: AppServiceOptions['share'] } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhold-app-'));
  const vaultPath = join(dir, 'vault.keyhold');
  const platform = new FakePlatform();
  const make = (): AppService => new AppService({ vaultPath, platform, kdf: LOW_KDF, allowInsecureKdf: true, ...(opts.share ? { share: opts.share } : {}) });
  const h: Harness = {
    dir,
    vaultPath,
    platform,
    service: make(),
    events: [],
    async call(op, input) {
      const r = await h.service.handle(op, input);
      if (!r.ok) throw new Error(`${op} failed: ${r.error.code}: ${r.error.message}`);
      const checked = contract[op].output.safeParse(r.value);
      if (!checked.success) throw new Error(`${op} output breaks the contract: ${checked.error.message}`);
      return r.value as OpOutput<typeof op>;
    },
    async fail(op, input) {
      const r = await h.service.handle(op, input);
      expect(r.ok, `${op} should fail`).toBe(false);
      if (r.ok) throw new Error('unreachable');
      return r.error;
    },
    async restart() {
      await h.service.dispose();
      h.service = make();
      h.service.onEvent((e) => h.events.push(e));
    },
    async cleanup() {
      await h.service.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  h.service.onEvent((e) => h.events.push(e));
  if (opts.create !== false) await h.call('vault.create', { password: PASSWORD });
  return h;
}

/** A credential input with everything filled in. */
export function fields(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, service: 'example', environment: 'dev', keyType: 'private', tags: [], notes: '', ...extra };
}

/** Writes a file (and its folders) under the harness's temporary folder; returns its path. */
export function writeIn(dir: string, name: string, text: string): string {
  const f = join(dir, name);
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, text);
  return f;
}
