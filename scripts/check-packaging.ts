// `npm run check:packaging` (after `npm run build`): checks electron-builder.yml against what would
// be packed, without Electron's binary — installers cannot be built on machines that cannot
// download it, so everything that can be checked offline is checked here:
//  - the config passes electron-builder's own schema; app id, product name and version agree with
//    the code and package.json; the Linux, macOS and Windows targets and their metadata are there;
//  - every `files` pattern matches something, and every file the app loads at run time is packed;
//  - the main bundle imports only production dependencies (devDependencies are not packed);
//  - every native `.node` file (and any other machine code, like a PTY package's spawn helper) of the
//    production dependencies would be unpacked from the ASAR;
//  - the Electron fuses are set; there is no auto-update channel;
//  - each icon exists at the sizes the platform needs (read from the files' own headers);
//  - the macOS entitlements are the documented minimum.
// It returns problems as plain sentences; the test (test/security/packaging.test.ts) also runs it on
// deliberately broken copies of the config to show each check can fail.
import { closeSync, existsSync, globSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { APP_ID } from '../electron/main/app-id.ts';
import { APP_DIR_NAME } from '../electron/vault/default-path.ts';
import { ICNS_TYPE_SIZES, icnsSizes, icoSizes, pngSize } from './icon-headers.ts';

const require = createRequire(import.meta.url);
// electron-builder's configuration loader and validator (app-builder-lib is its core package).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (dir: string, configPath: string | null, fromOptions: unknown) => Promise<BuilderConfig>;
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type BuilderConfig = Record<string, any>;

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  bin?: Record<string, string>;
  description?: string;
  homepage?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The fuses the desktop issue requires, each with its only acceptable value. */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

/** Files the packaged app opens at run time, relative to the app folder. */
export const RUNTIME_FILES = ['out/preload/index.cjs', 'out/renderer/index.html', 'resources/icon.png'] as const;
/** The build output the desktop app loads (out/cli/ is the npm package's CLI bundle). */
export const APP_BUILD_DIRS = ['out/main', 'out/preload', 'out/renderer'] as const;
/** Native modules Keyhold depends on; at least one `.node` file of each must be found and unpacked. */
export const NATIVE_PACKAGES = ['better-sqlite3', '@node-rs/argon2', '@lydell/node-pty'] as const;
/** Linux icon sizes (freedesktop hicolor theme): resources/icons/WxH.png. */
export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;
/** Windows: the shell's small, list, tile and jumbo views; electron-builder requires 256. */
export const ICO_ICON_SIZES = [16, 24, 32, 48, 256] as const;
/** macOS: every type iconutil writes for an .iconset, 16 to 1024 px. */
export const ICNS_ICON_TYPES = Object.keys(ICNS_TYPE_SIZES);
/** Entitlements that would undo the hardened runtime's protection of the process holding the vault key. */
export const FORBIDDEN_ENTITLEMENTS = [
  'com.apple.security.cs.disable-library-validation',
  'com.apple.security.cs.allow-dyld-environment-variables',
  'com.apple.security.cs.disable-executable-page-protection',
  'com.apple.security.get-task-allow',
  'com.apple.security.cs.debugger',
] as const;

export interface PackagingCheck {
  problems: string[];
  /** The native files found in the production dependencies (relative to the project). */
  nativeFiles: string[];
}

const rel = (root: string, file: string): string => path.relative(root, file).split(path.sep).join('/');

/** `files` as electron-builder normalises it: a list of patterns ('!' excludes). */
function filePatterns(config: BuilderConfig): string[] {
  const files = (config.files ?? []) as (string | { filter?: string | string[]; from?: string; to?: string })[];
  return files.flatMap((entry) => (typeof entry === 'string' ? [entry] : [entry.filter ?? []].flat()));
}

function isPacked(file: string, patterns: string[]): boolean {
  const included = patterns.some((p) => !p.startsWith('!') && path.matchesGlob(file, p));
  return included && !patterns.some((p) => p.startsWith('!') && path.matchesGlob(file, p.slice(1)));
}

function filesUnder(dir: string, skip = new Set<string>()): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name)) out.push(...filesUnder(full, skip));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}

/** Where Node would find `name` required from `fromDir` (walking up node_modules folders). */
function resolvePackageDir(name: string, fromDir: string, root: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return null;
  }
}

/** Every installed package the production dependencies pull in (what electron-builder packs). */
export function productionPackageDirs(root: string, pkg: PackageJson): { dirs: Map<string, string>; missing: string[] } {
  const dirs = new Map<string, string>(); // dir -> package name
  const missing: string[] = [];
  const visit = (name: string, fromDir: string, optional: boolean): void => {
    const dir = resolvePackageDir(name, fromDir, root);
    if (!dir) {
      if (!optional) missing.push(name);
      return;
    }
    if (dirs.has(dir)) return;
    dirs.set(dir, name);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, root, false);
  for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, root, true);
  return { dirs, missing };
}

/** Package names the built main process imports by bare specifier (not Node built-ins, not electron). */
export function mainBundleImports(root: string): Set<string> {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const names = new Set<string>();
  for (const file of filesUnder(path.join(root, 'out/main'))) {
    if (!/\.(?:c|m)?js$/.test(file)) continue;
    const code = readFileSync(file, 'utf8');
    // `require\w*(`: also the functions made with createRequire (vault/natives.ts's requireNative).
    const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\w*\s*\(\s*)["']([@a-z0-9][\w.@/-]*)["']/gi;
    for (const [, spec] of code.matchAll(specifiers)) {
      if (!spec || builtins.has(spec) || spec.startsWith('node:') || spec === 'electron' || spec.startsWith('electron/')) continue;
      const parts = spec.split('/');
      names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
    }
  }
  return names;
}

function checkIdentity(config: BuilderConfig, pkg: PackageJson, problems: string[]): void {
  if (config.appId !== APP_ID) problems.push(`appId is "${config.appId}" but the app calls itself "${APP_ID}" (electron/main/app-id.ts).`);
  if (typeof config.appId !== 'string' || !/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/.test(config.appId)) {
    problems.push(`appId "${config.appId}" is not a reverse-DNS identifier (lower case, dot-separated).`);
  }
  if (config.productName !== APP_DIR_NAME) {
    problems.push(`productName is "${config.productName}" but the app's data folder (where the CLI finds the vault) is "${APP_DIR_NAME}".`);
  }
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(pkg.version)) problems.push(`package.json version "${pkg.version}" is not semantic.`);
  const versionOverrides = { 'extraMetadata.version': config.extraMetadata?.version, buildVersion: config.buildVersion, 'mac.bundleShortVersion': config.mac?.bundleShortVersion };
  for (const [key, value] of Object.entries(versionOverrides)) {
    if (value !== undefined && value !== null && value !== pkg.version) problems.push(`${key} "${value}" differs from package.json's version ${pkg.version}.`);
  }
  if (config.extraMetadata?.name !== undefined && config.extraMetadata.name !== pkg.name) problems.push(`extraMetadata.name renames the package to "${config.extraMetadata.name}".`);
}

function checkFiles(root: string, config: BuilderConfig, pkg: PackageJson, problems: string[]): void {
  const patterns = filePatterns(config);
  if (patterns.length === 0) problems.push('files is empty: electron-builder would pack the whole project.');
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    const matches = globSync(pattern, { cwd: root, exclude: (name) => name === 'node_modules' });
    if (matches.filter((m) => statSync(path.join(root, m)).isFile()).length === 0) problems.push(`files pattern "${pattern}" matches nothing in the build output.`);
  }
  if (!pkg.main) problems.push('package.json has no "main": Electron would not know what to start.');
  const runtime = [...(pkg.main ? [pkg.main] : []), ...RUNTIME_FILES, 'package.json'];
  for (const file of runtime) {
    if (!existsSync(path.join(root, file))) problems.push(`${file} does not exist: run \`npm run build\` (and \`npm run icons\`) first.`);
    else if (!isPacked(file, patterns)) problems.push(`${file} is loaded at run time but no files pattern packs it.`);
  }
  // Every chunk and asset of the app's build (not source maps) ships, or the app breaks where it
  // loads it; the CLI's bundle is the npm package's and stays out of the app.
  for (const dir of APP_BUILD_DIRS) {
    for (const file of filesUnder(path.join(root, dir)).map((f) => rel(root, f))) {
      if (!file.endsWith('.map') && !isPacked(file, patterns)) problems.push(`${file} is part of the build but no files pattern packs it.`);
    }
  }
  for (const file of filesUnder(path.join(root, 'out')).map((f) => rel(root, f))) {
    if (!APP_BUILD_DIRS.some((dir) => file.startsWith(`${dir}/`)) && isPacked(file, patterns)) {
      problems.push(`${file} is not part of the desktop app (the CLI ships as the npm package) but a files pattern packs it.`);
    }
  }
  for (const name of mainBundleImports(root)) {
    if (!(name in (pkg.dependencies ?? {})) && !(name in (pkg.optionalDependencies ?? {}))) {
      problems.push(`the main process imports "${name}", which is not a production dependency and would not be packed.`);
    }
  }
}

/** ELF, Mach-O or PE: a program or library (like node-pty's spawn-helper) that must be a real file. */
function isMachineCode(file: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, head, 0, 4, 0) < 4) return false;
  } finally {
    closeSync(fd);
  }
  const magic = head.readUInt32BE(0);
  return magic === 0x7f454c46 || [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic) || head.toString('latin1', 0, 2) === 'MZ';
}

function checkNatives(root: string, config: BuilderConfig, pkg: PackageJson, problems: string[]): string[] {
  if (config.asar === false) problems.push('asar is off: the app would ship as loose files.');
  const unpack = [config.asarUnpack ?? []].flat() as string[];
  const { dirs, missing } = productionPackageDirs(root, pkg);
  for (const name of missing) problems.push(`production dependency "${name}" is not installed: run \`npm ci\` first.`);
  const natives: string[] = [];
  for (const [dir, name] of dirs) {
    for (const file of filesUnder(dir, new Set(['node_modules'])).filter((f) => f.endsWith('.node') || isMachineCode(f))) {
      const inApp = rel(root, file);
      natives.push(inApp);
      if (!unpack.some((pattern) => path.matchesGlob(inApp, pattern))) {
        problems.push(`${inApp} (machine code of ${name}) would stay inside the ASAR, where it cannot be loaded: asarUnpack must match it.`);
      }
    }
  }
  for (const name of NATIVE_PACKAGES) {
    const owned = natives.filter((file) => file.includes(`node_modules/${name}/`) || file.includes(`node_modules/${name}-`));
    if (owned.length === 0) problems.push(`no native .node file of ${name} was found among the production dependencies.`);
  }
  if (config.npmRebuild !== false) problems.push('npmRebuild must be false: the rebuild compiles better-sqlite3 for the wrong ABI without a word.');
  return natives;
}

function checkFuses(config: BuilderConfig, problems: string[]): void {
  const fuses = (config.electronFuses ?? {}) as Record<string, unknown>;
  for (const [fuse, value] of Object.entries(REQUIRED_FUSES)) {
    if (fuses[fuse] !== value) problems.push(`fuse ${fuse} must be ${value} (is ${fuses[fuse] === undefined ? 'unset' : String(fuses[fuse])}).`);
  }
}

function checkUpdates(config: BuilderConfig, pkg: PackageJson, problems: string[]): void {
  if (config.publish !== null) problems.push('publish must be null: there is no auto-update channel until one is designed.');
  for (const os of ['mac', 'win', 'linux']) {
    if (config[os]?.publish !== undefined && config[os].publish !== null) problems.push(`${os}.publish sets an update channel; there is none until one is designed.`);
  }
  if ('electron-updater' in (pkg.dependencies ?? {})) problems.push('electron-updater is a dependency, but there is no update channel.');
}

function targets(config: BuilderConfig, os: string): string[] {
  return [config[os]?.target ?? []].flat().map((t: string | { target: string }) => (typeof t === 'string' ? t : t.target));
}

function checkTargets(root: string, config: BuilderConfig, pkg: PackageJson, problems: string[]): void {
  for (const [os, wanted] of [['linux', ['AppImage', 'deb']], ['mac', ['dmg']], ['win', ['nsis']]] as const) {
    for (const target of wanted) if (!targets(config, os).includes(target)) problems.push(`${os} has no ${target} target.`);
  }
  const entry = (config.linux?.desktop?.entry ?? {}) as Record<string, string>;
  const categories = (entry.Categories ?? '').split(';').filter(Boolean);
  if (!categories.some((c) => ['Development', 'Utility'].includes(c))) problems.push('the Linux desktop entry names no main category (Development or Utility).');
  if (!config.linux?.executableName) problems.push('linux.executableName is unset: the deb would install a binary named after the package.');
  if (config.linux?.executableName && Object.keys(pkg.bin ?? {}).includes(config.linux.executableName)) {
    problems.push(`linux.executableName "${config.linux.executableName}" is the CLI's command name: the desktop app would shadow it on PATH.`);
  }
  // The deb target refuses to build without these (electron-builder's FpmTarget).
  if (!(config.extraMetadata?.homepage ?? pkg.homepage)) problems.push('no homepage (package.json or extraMetadata): the deb target refuses to build.');
  if (!config.linux?.maintainer) problems.push('linux.maintainer is unset and package.json has no author email: the deb target refuses to build.');
  if (!(config.extraMetadata?.description ?? pkg.description)) problems.push('no description: the deb and the desktop entry need one.');
  if (config.mac?.hardenedRuntime !== true) problems.push('mac.hardenedRuntime must be true (notarisation requires it).');
  for (const key of ['entitlements', 'entitlementsInherit']) {
    const file = config.mac?.[key] as string | undefined;
    if (!file) problems.push(`mac.${key} is unset.`);
    else checkEntitlements(path.resolve(root, file), `mac.${key}`, problems);
  }
}

/** The plist must grant JIT (Electron dies without it), nothing that reopens code injection, and explain each key. */
function checkEntitlements(file: string, label: string, problems: string[]): void {
  if (!existsSync(file)) {
    problems.push(`${label} ${file} does not exist.`);
    return;
  }
  const xml = readFileSync(file, 'utf8');
  if (!/<plist\b[\s\S]*<dict>[\s\S]*<\/dict>\s*<\/plist>/.test(xml)) problems.push(`${label} is not a property list.`);
  const keys = [...xml.matchAll(/<key>([^<]+)<\/key>\s*<(true|false)\s*\/>/g)].map((m) => ({ key: m[1] as string, value: m[2] === 'true' }));
  if (!keys.some((k) => k.key === 'com.apple.security.cs.allow-jit' && k.value)) problems.push(`${label} does not grant com.apple.security.cs.allow-jit (V8 cannot run under the hardened runtime without it).`);
  for (const k of keys) {
    if (k.value && (FORBIDDEN_ENTITLEMENTS as readonly string[]).includes(k.key)) problems.push(`${label} grants ${k.key}, which reopens the process to code injection.`);
  }
  // Documented line by line: a comment right before every key.
  for (const match of xml.matchAll(/<key>([^<]+)<\/key>/g)) {
    const before = xml.slice(0, match.index).trimEnd();
    if (!before.endsWith('-->')) problems.push(`${label}: ${match[1]} has no comment saying why it is needed.`);
  }
}

function readIcon(file: string, label: string, problems: string[]): Buffer | null {
  if (!existsSync(file) || !statSync(file).isFile()) {
    problems.push(`${label} ${file} does not exist: run \`npm run icons\`.`);
    return null;
  }
  return readFileSync(file);
}

function checkIcons(root: string, config: BuilderConfig, problems: string[]): void {
  const resolve = (file: string | undefined, fallback: string): string => path.resolve(root, file ?? fallback);
  const attempt = (label: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}.`);
    }
  };

  const linuxDir = resolve(config.linux?.icon, 'resources/icons');
  if (!existsSync(linuxDir) || !statSync(linuxDir).isDirectory()) {
    problems.push(`linux.icon ${linuxDir} is not a folder of WxH.png files.`);
  } else {
    for (const name of readdirSync(linuxDir).filter((n) => n.endsWith('.png'))) {
      attempt(`Linux icon ${name}`, () => {
        const { width, height } = pngSize(readFileSync(path.join(linuxDir, name)));
        if (name !== `${width}x${height}.png`) throw new Error(`named ${name} but ${width}x${height}`);
      });
    }
    for (const size of LINUX_ICON_SIZES) {
      if (!existsSync(path.join(linuxDir, `${size}x${size}.png`))) problems.push(`the Linux icon set has no ${size}x${size}.png.`);
    }
  }

  const icns = readIcon(resolve(config.mac?.icon, 'resources/icon.icns'), 'mac.icon', problems);
  if (icns) {
    attempt('mac.icon', () => {
      const found = icnsSizes(icns);
      for (const type of ICNS_ICON_TYPES) if (!found.has(type)) problems.push(`mac.icon: no ${type} (${ICNS_TYPE_SIZES[type]} px) image.`);
    });
  }

  for (const [label, file] of [['win.icon', config.win?.icon], ['nsis.installerIcon', config.nsis?.installerIcon], ['nsis.uninstallerIcon', config.nsis?.uninstallerIcon]] as const) {
    if (label !== 'win.icon' && !file) continue;
    const ico = readIcon(resolve(file, 'resources/icon.ico'), label, problems);
    if (!ico) continue;
    attempt(label, () => {
      const sizes = icoSizes(ico);
      for (const size of ICO_ICON_SIZES) {
        if (!sizes.some((s) => s.width === size && s.height === size)) problems.push(`${label}: no ${size}x${size} image.`);
      }
    });
  }

  const appIcon = path.join(root, 'resources/icon.png');
  attempt('resources/icon.png (window and notification icon)', () => {
    const { width, height } = pngSize(readFileSync(appIcon));
    if (width !== height || width < 256) throw new Error(`must be square and at least 256 px, is ${width}x${height}`);
  });
}

/** Checks `configFile` (electron-builder.yml by default) for the project at `root`. */
export async function checkPackaging(root: string, configFile = path.join(root, 'electron-builder.yml')): Promise<PackagingCheck> {
  const problems: string[] = [];
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  let config: BuilderConfig;
  try {
    config = await getConfig(root, configFile, null);
    await validateConfiguration(structuredClone(config), new DebugLogger(false));
  } catch (error) {
    return { problems: [`${rel(root, configFile)} is not a valid electron-builder configuration: ${error instanceof Error ? error.message : String(error)}`], nativeFiles: [] };
  }
  checkIdentity(config, pkg, problems);
  checkFiles(root, config, pkg, problems);
  const nativeFiles = checkNatives(root, config, pkg, problems);
  checkFuses(config, problems);
  checkUpdates(config, pkg, problems);
  checkTargets(root, config, pkg, problems);
  checkIcons(root, config, problems);
  return { problems, nativeFiles };
}

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const { problems, nativeFiles } = await checkPackaging(root, process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`packaging: ${problem}`);
    process.exit(1);
  }
  console.log(`electron-builder.yml matches the build: ${nativeFiles.length} native files unpacked (${nativeFiles.join(', ')}).`);
}
