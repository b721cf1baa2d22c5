// electron-builder.yml: validated by electron-builder's own schema, with the fuses, ASAR and native
// module settings the issue requires. (Packaging itself needs the Electron binary: not run here.)
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// electron-builder's configuration loader and validator (app-builder-lib is its core package).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig: (dir: string, configPath: string | null, fromOptions: unknown) => Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

let config: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  config = await getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema (which rejects unknown options)", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), electronFusez: {} }, new DebugLogger(false))).rejects.toThrow();
  });

  it('names the app and ships only the build output in an ASAR, natives unpacked, no rebuild', () => {
    expect(config.productName).toBe('Keyhold');
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    // getConfig normalises `files` to [{ filter: [...] }].
    const files = (config.files as ({ filter: string[] } | string)[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
  });

  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has targets for Linux, macOS and Windows', () => {
    for (const os of ['linux', 'mac', 'win']) expect(config[os]?.target, os).toBeTruthy();
  });
});
