// Runs electron-builder for real (`--linux dir`, the unpacked app every Linux installer is made
// from) on the build in out/, with a stand-in for Electron's binary: a small file that carries
// Electron's fuse wire, so electron-builder packs the ASAR, unpacks the natives and flips the fuses
// exactly as it would on the real binary. Then the result is read back: what the ASAR holds, what
// sits unpacked beside it, the packed package.json, and the fuses written into the "binary".
// (Installers themselves need downloads — Electron, fpm, appimagetool — that these machines lack.)
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionPackageDirs } from '../../scripts/check-packaging.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage: (archive: string, options: { isPack: boolean }) => string[];
  statFile: (archive: string, file: string) => { unpacked?: boolean; size?: number; files?: unknown };
  extractFile: (archive: string, file: string) => Buffer;
};
const fuses = require('@electron/fuses') as {
  getCurrentFuseWire: (electronPath: string) => Promise<Record<string, unknown>>;
  FuseV1Options: Record<string, number>;
};
/** Fuse states as bytes in the wire (@electron/fuses' FuseState, which it does not export). */
const S = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) };
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Electron's fuse wire marker (@electron/fuses' SENTINEL), then wire version 1 and its length. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** An unfused Electron's defaults, in FuseV1Options order: '1' on, '0' off. */
const UNFUSED = '10110001';

let tmp: string;
let appDir: string;
let archive: string;
let entries: string[];

beforeAll(() => {
  if (!existsSync(path.join(ROOT, pkg.main))) throw new Error(`${pkg.main} is missing: run \`npm run build\` first (npm test does).`);
  tmp = mkdtempSync(path.join(tmpdir(), 'keyhold-packaged-'));
  const dist = path.join(tmp, 'electron-dist');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'electron'), Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary"\nexit 1\n'),
    Buffer.from(SENTINEL, 'latin1'), Buffer.from([1, UNFUSED.length]), Buffer.from(UNFUSED, 'latin1'),
  ]));
  chmodSync(path.join(dist, 'electron'), 0o755);
  writeFileSync(path.join(dist, 'LICENSE'), 'stand-in\n');
  const run = spawnSync(process.execPath, [
    path.join(ROOT, 'node_modules/electron-builder/cli.js'), '--linux', 'dir', '--publish', 'never', '--projectDir', ROOT,
    `-c.electronDist=${dist}`, `-c.directories.output=${path.join(tmp, 'dist')}`,
  ], { cwd: ROOT, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ELECTRON_BUILDER_CACHE: path.join(tmp, 'cache'), CI: 'true' } });
  if (run.status !== 0) throw new Error(`electron-builder failed (status ${run.status}):\n${run.stdout}\n${run.stderr}`);
  appDir = path.join(tmp, 'dist/linux-unpacked');
  archive = path.join(appDir, 'resources/app.asar');
  entries = asar.listPackage(archive, { isPack: false }).map((e) => e.replace(/\\/g, '/').replace(/^\//, ''));
}, 300_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const isFile = (entry: string): boolean => asar.statFile(archive, entry).files === undefined;

describe('the app electron-builder packs (linux dir)', () => {
  it('is named keyhold-desktop and has an ASAR', () => {
    expect(existsSync(path.join(appDir, 'keyhold-desktop'))).toBe(true);
    expect(existsSync(archive)).toBe(true);
  });

  it('holds the built app, the window icon and its manifest; no CLI bundle, sources or source maps', () => {
    for (const file of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', 'resources/icon.png', 'package.json']) {
      expect(entries, file).toContain(file);
    }
    const files = entries.filter(isFile);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const own = files.filter((f) => !f.startsWith('node_modules/'));
    expect(own.filter((f) => !/^(?:out\/(?:main|preload|renderer)\/|resources\/icon\.png$|package\.json$)/.test(f))).toEqual([]);
  });

  it('packs the production dependencies and no development dependency', () => {
    for (const name of Object.keys(pkg.dependencies)) expect(entries, name).toContain(`node_modules/${name}/package.json`);
    const packed = new Set(entries.filter((e) => e.startsWith('node_modules/') && e.endsWith('/package.json')).map((e) => e.slice('node_modules/'.length, -'/package.json'.length)));
    for (const name of ['electron', 'electron-builder', 'vite', 'react', 'vitest', 'typescript', 'playwright-core', '@resvg/resvg-js']) {
      expect(packed.has(name), name).toBe(false);
    }
  });

  it('unpacks every native file of the production dependencies beside the ASAR', () => {
    const natives = [...productionPackageDirs(ROOT, pkg).dirs.keys()].flatMap((dir) => {
      const rel = path.relative(ROOT, dir).split(path.sep).join('/');
      return entries.filter((e) => e.startsWith(`${rel}/`) && e.endsWith('.node'));
    });
    expect(natives.some((f) => f.includes('better-sqlite3'))).toBe(true);
    expect(natives.some((f) => f.includes('@node-rs/argon2-'))).toBe(true);
    expect(natives.some((f) => f.includes('@lydell/node-pty-'))).toBe(true);
    for (const file of natives) {
      expect(asar.statFile(archive, file).unpacked, file).toBe(true);
      const onDisk = path.join(appDir, 'resources/app.asar.unpacked', file);
      expect(existsSync(onDisk), onDisk).toBe(true);
      expect(readFileSync(onDisk).equals(readFileSync(path.join(ROOT, file))), file).toBe(true);
    }
  });

  it("packs package.json with this version, its main entry and the deb's homepage", () => {
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { version: string; main: string; homepage?: string; devDependencies?: unknown };
    expect(packed.version).toBe(pkg.version);
    expect(packed.main).toBe(pkg.main);
    expect(packed.homepage).toMatch(/^https:\/\//);
    expect(packed.devDependencies).toBeUndefined();
  });

  it('flips the fuses in the binary as electron-builder.yml says', async () => {
    const wire = await fuses.getCurrentFuseWire(path.join(appDir, 'keyhold-desktop'));
    const { FuseV1Options: O } = fuses;
    expect({
      runAsNode: wire[O.RunAsNode!], cookieEncryption: wire[O.EnableCookieEncryption!], nodeOptions: wire[O.EnableNodeOptionsEnvironmentVariable!],
      inspect: wire[O.EnableNodeCliInspectArguments!], asarIntegrity: wire[O.EnableEmbeddedAsarIntegrityValidation!], onlyAsar: wire[O.OnlyLoadAppFromAsar!],
      fileProtocol: wire[O.GrantFileProtocolExtraPrivileges!],
    }).toEqual({
      runAsNode: S.DISABLE, cookieEncryption: S.ENABLE, nodeOptions: S.DISABLE, inspect: S.DISABLE, asarIntegrity: S.ENABLE, onlyAsar: S.ENABLE, fileProtocol: S.DISABLE,
    });
  });
});
