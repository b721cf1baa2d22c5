// electron-builder.yml against the BUILT app (out/, after `npm run build`) and the installed
// production dependencies, without Electron's binary: scripts/check-packaging.ts does the checking;
// here it must find nothing wrong with the real config and the right problem in each deliberately
// broken copy. The icons are checked by their own headers and regenerated from the SVG.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../electron/main/app-id.ts';
import { checkPackaging, mainBundleImports } from '../../scripts/check-packaging.ts';
import { icnsSizes, icoSizes, pngSize } from '../../scripts/icon-headers.ts';
import { GENERATED_FILES, generateIcons } from '../../scripts/icons.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { getConfig } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (dir: string, configPath: string | null, fromOptions: unknown) => Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let config: Config;
let tmp: string;
beforeAll(async () => {
  config = await getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);
  tmp = mkdtempSync(path.join(tmpdir(), 'keyhold-packaging-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let copies = 0;
/** Writes a changed copy of the real config (JSON is YAML too) and returns the checker's problems. */
async function problemsWith(change: (c: Config) => void): Promise<string[]> {
  const copy = structuredClone(config);
  change(copy);
  const file = path.join(tmp, `broken-${++copies}.yml`);
  writeFileSync(file, JSON.stringify(copy, null, 2));
  return (await checkPackaging(ROOT, file)).problems;
}

describe('electron-builder.yml against the build output', () => {
  it('has no problem: files, natives, fuses, icons, identity, targets, entitlements', async () => {
    const { problems, nativeFiles } = await checkPackaging(ROOT);
    expect(problems).toEqual([]);
    // Not vacuous: the natives of both native dependencies were found (and are unpacked).
    expect(nativeFiles.some((f) => f.startsWith('node_modules/better-sqlite3/'))).toBe(true);
    expect(nativeFiles.some((f) => f.startsWith('node_modules/@node-rs/argon2-'))).toBe(true);
    expect(nativeFiles.some((f) => f.startsWith('node_modules/@lydell/node-pty-'))).toBe(true);
  });

  it('sees what the main bundle imports (all production dependencies)', () => {
    const imports = mainBundleImports(ROOT);
    for (const name of ['better-sqlite3', '@node-rs/argon2', 'zod']) expect(imports).toContain(name);
    for (const name of imports) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('names the app as the code does, takes its version from package.json and has no update channel', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('Keyhold');
    expect(config.extraMetadata?.version).toBeUndefined();
    expect(config.publish).toBeNull();
    expect(readFileSync(path.join(ROOT, 'out/main/index.js'), 'utf8')).toContain(APP_ID);
  });
});

describe('the checker fails a broken copy of the config', () => {
  const cases: [string, (c: Config) => void, RegExp][] = [
    ['a files pattern that matches nothing', (c) => c.files[0].filter.push('build/**'), /files pattern "build\/\*\*" matches nothing/],
    ['files that leave the preload out', (c) => { c.files[0].filter = ['out/main/**', 'out/renderer/**', 'resources/icon.png', 'package.json']; }, /out\/preload\/index\.cjs is loaded at run time but no files pattern packs it/],
    ['files that leave the window icon out', (c) => { c.files[0].filter = c.files[0].filter.filter((p: string) => p !== 'resources/icon.png'); }, /resources\/icon\.png is loaded at run time/],
    ['the CLI bundle packed into the app', (c) => { c.files[0].filter = c.files[0].filter.filter((p: string) => p !== '!out/cli/**'); }, /out\/cli\/.* is not part of the desktop app/],
    ['an exclusion that drops a built chunk', (c) => c.files[0].filter.push('!out/renderer/assets/**'), /out\/renderer\/assets\/.* is part of the build but no files pattern packs it/],
    ['natives left in the ASAR', (c) => { c.asarUnpack = ['**/*.dll']; }, /better-sqlite3.*\.node \(machine code of better-sqlite3\) would stay inside the ASAR/],
    ['natives of one package only unpacked', (c) => { c.asarUnpack = ['**/node_modules/better-sqlite3/**']; }, /argon2.*would stay inside the ASAR/],
    ['RunAsNode switched on', (c) => { c.electronFuses.runAsNode = true; }, /fuse runAsNode must be false \(is true\)/],
    ['a fuse left out', (c) => { delete c.electronFuses.onlyLoadAppFromAsar; }, /fuse onlyLoadAppFromAsar must be true \(is unset\)/],
    ['another app id', (c) => { c.appId = 'com.example.keyhold'; }, /appId is "com\.example\.keyhold" but the app calls itself "dev\.keyhold\.desktop"/],
    ['a version that is not package.json\'s', (c) => { c.extraMetadata.version = '9.9.9'; }, new RegExp(`extraMetadata\\.version "9\\.9\\.9" differs from package\\.json's version ${pkg.version.replace(/\./g, '\\.')}`)],
    ['a product name that moves the data folder', (c) => { c.productName = 'KeyHold Desktop'; }, /the app's data folder .* is "Keyhold"/],
    ['an update channel', (c) => { c.publish = { provider: 'generic', url: 'https://updates.example.invalid' }; }, /publish must be null/],
    ['a desktop binary named like the CLI', (c) => { c.linux.executableName = 'keyhold'; }, /linux\.executableName "keyhold" is the CLI's command name/],
    ['no deb target', (c) => { c.linux.target = ['AppImage']; }, /linux has no deb target/],
    ['no hardened runtime', (c) => { c.mac.hardenedRuntime = false; }, /mac\.hardenedRuntime must be true/],
    ['a missing macOS icon', (c) => { c.mac.icon = 'resources/missing.icns'; }, /mac\.icon .*missing\.icns does not exist/],
    ['a Windows icon without 256 px', (c) => { c.win.icon = smallIco(); }, /win\.icon: no 256x256 image/],
    ['a Linux icon named for another size', (c) => { c.linux.icon = misnamedLinuxIcons(); }, /Linux icon 512x512\.png: named 512x512\.png but 16x16/],
    ['an ICNS without its 1024 px image', (c) => { c.mac.icon = icnsWithout('ic10'); }, /mac\.icon: no ic10 \(1024 px\) image/],
    ['an entitlement that reopens code injection', (c) => { c.mac.entitlements = entitlements('com.apple.security.cs.disable-library-validation', true); }, /grants com\.apple\.security\.cs\.disable-library-validation/],
    ['an entitlement nobody explained', (c) => { c.mac.entitlementsInherit = entitlements('com.apple.security.cs.allow-jit', false); }, /com\.apple\.security\.cs\.allow-jit has no comment/],
    ['an option electron-builder does not know', (c) => { c.electronFusez = {}; }, /not a valid electron-builder configuration/],
  ];
  for (const [name, change, expected] of cases) {
    it(name, async () => {
      const problems = await problemsWith(change);
      expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
    });
  }
});

// Fixtures for the broken icon and entitlement cases, made from the real files.
function smallIco(): string {
  const ico = readFileSync(path.join(ROOT, 'resources/icon.ico'));
  // Keep the directory's first entry only (16 px): still a valid ICO, without 256.
  const entry = ico.subarray(6, 22);
  const offset = entry.readUInt32LE(12);
  const length = entry.readUInt32LE(8);
  const out = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0]), Buffer.from(entry), ico.subarray(offset, offset + length)]);
  out.writeUInt32LE(22, 18);
  const file = path.join(tmp, 'small.ico');
  writeFileSync(file, out);
  return file;
}

function misnamedLinuxIcons(): string {
  const dir = mkdtempSync(path.join(tmp, 'icons-'));
  for (const size of [16, 32, 48, 64, 128, 256]) writeFileSync(path.join(dir, `${size}x${size}.png`), readFileSync(path.join(ROOT, `resources/icons/${size}x${size}.png`)));
  writeFileSync(path.join(dir, '512x512.png'), readFileSync(path.join(ROOT, 'resources/icons/16x16.png')));
  return dir;
}

function icnsWithout(type: string): string {
  const icns = readFileSync(path.join(ROOT, 'resources/icon.icns'));
  const parts: Buffer[] = [];
  for (let at = 8; at < icns.length;) {
    const length = icns.readUInt32BE(at + 4);
    if (icns.toString('latin1', at, at + 4) !== type) parts.push(icns.subarray(at, at + length));
    at += length;
  }
  const body = Buffer.concat(parts);
  const header = Buffer.from('icns\0\0\0\0', 'latin1');
  header.writeUInt32BE(8 + body.length, 4);
  const file = path.join(tmp, `without-${type}.icns`);
  writeFileSync(file, Buffer.concat([header, body]));
  return file;
}

function entitlements(key: string, commented: boolean): string {
  const file = path.join(tmp, `entitlements-${copies}-${commented}.plist`);
  writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n  <!-- V8 needs it -->\n  <key>com.apple.security.cs.allow-jit</key>\n  <true/>\n${commented ? '  <!-- because -->\n' : ''}  <key>${key}</key>\n  <true/>\n</dict>\n</plist>\n`);
  return file;
}

describe('resources/ icons', () => {
  it('are what `npm run icons` makes from resources/icon.svg (regenerated byte for byte)', async () => {
    const out = mkdtempSync(path.join(tmp, 'icons-generated-'));
    const written = await generateIcons(path.join(ROOT, 'resources/icon.svg'), out);
    expect(written).toEqual(GENERATED_FILES);
    for (const file of written) expect(readFileSync(path.join(out, file)).equals(readFileSync(path.join(ROOT, 'resources', file))), file).toBe(true);
  });

  it('hold the sizes each platform needs, read from their headers', () => {
    expect(pngSize(readFileSync(path.join(ROOT, 'resources/icon.png')))).toEqual({ width: 512, height: 512 });
    expect(icoSizes(readFileSync(path.join(ROOT, 'resources/icon.ico'))).map((s) => s.width)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    expect([...icnsSizes(readFileSync(path.join(ROOT, 'resources/icon.icns'))).values()].sort((a, b) => a - b)).toEqual([16, 32, 32, 64, 128, 256, 256, 512, 512, 1024]);
  });

  it('header readers refuse damaged files with a plain message', () => {
    const png = readFileSync(path.join(ROOT, 'resources/icons/16x16.png'));
    expect(() => pngSize(png.subarray(1))).toThrow(/not a PNG/);
    const ico = Buffer.from(readFileSync(path.join(ROOT, 'resources/icon.ico')));
    ico[6] = 32; // the first entry now claims 32 px but holds 16
    expect(() => icoSizes(ico)).toThrow(/listed as 32x16 but holds 16x16/);
    const icns = readFileSync(path.join(ROOT, 'resources/icon.icns'));
    expect(() => icnsSizes(icns.subarray(0, icns.length - 10))).toThrow(/header says/);
  });
});
