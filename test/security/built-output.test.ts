// Static checks of the built bundles and the page's CSP: the hardening is asserted where it ships
// (out/), robust to minification (true or !0), not only in the source module.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, WINDOW_WEB_PREFERENCES } from '../../electron/main/hardening.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
function built(file: string): string {
  const full = path.join(ROOT, file);
  if (!existsSync(full)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test does).`);
  return readFileSync(full, 'utf8');
}

const TRUE = String.raw`(?:true|!0)`;
const FALSE = String.raw`(?:false|!1)`;
const prop = (name: string, value: string): RegExp => new RegExp(String.raw`["']?\b${name}["']?\s*:\s*${value}(?![\w$])`);

/** The directives of a CSP string as a map: name -> sources. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** A CSP with no inline/eval escape hatch and no source outside the page's own origin. */
function expectStrictCsp(csp: string): void {
  const d = directives(csp);
  expect(d.get('default-src')).toEqual(["'none'"]);
  expect(d.get('script-src')).toEqual(["'self'"]);
  expect(d.get('style-src')).toEqual(["'self'"]);
  expect(d.get('base-uri')).toEqual(["'none'"]);
  expect(d.get('form-action')).toEqual(["'none'"]);
  expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp).not.toMatch(/unsafe-|strict-dynamic|nonce-|sha\d{3}-/i);
  for (const [name, sources] of d) {
    for (const source of sources) {
      expect(["'self'", "'none'", 'data:'], `${name} ${source}`).toContain(source);
      if (source === 'data:') expect(name).toBe('img-src');
    }
  }
}

describe('hardening source module', () => {
  it('declares the required webPreferences', () => {
    expect(WINDOW_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, spellcheck: false });
  });
  it('declares a strict CSP', () => {
    expectStrictCsp(CONTENT_SECURITY_POLICY);
    expect(directives(CONTENT_SECURITY_POLICY).get('connect-src')).toEqual(["'self'"]);
  });
});

describe('built main bundle (out/main/index.js)', () => {
  const main = built('out/main/index.js');

  it('carries the window hardening', () => {
    for (const name of ['contextIsolation', 'sandbox', 'webSecurity']) expect(main).toMatch(prop(name, TRUE));
    for (const name of ['nodeIntegration', 'webviewTag', 'allowRunningInsecureContent', 'nodeIntegrationInSubFrames', 'spellcheck']) {
      expect(main).toMatch(prop(name, FALSE));
    }
    for (const name of ['contextIsolation', 'sandbox', 'webSecurity']) expect(main).not.toMatch(prop(name, FALSE));
    for (const name of ['nodeIntegration', 'webviewTag', 'allowRunningInsecureContent', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'experimentalFeatures']) {
      expect(main).not.toMatch(prop(name, TRUE));
    }
    expect(main).not.toMatch(/enableBlinkFeatures/);
  });

  it('carries the exact CSP', () => {
    expect(main).toContain(CONTENT_SECURITY_POLICY);
  });

  it('wires every required guard', () => {
    for (const call of [
      'requestSingleInstanceLock', 'registerSchemesAsPrivileged', 'enableSandbox', 'setPermissionRequestHandler', 'setPermissionCheckHandler',
      'setWindowOpenHandler', 'will-navigate', 'will-redirect', 'will-attach-webview', 'onBeforeRequest', 'senderFrame',
    ]) expect(main, call).toContain(call);
    expect(main).toMatch(/protocol\.handle\(/);
  });

  it('never opens external URLs, loads files or remote pages', () => {
    expect(main).not.toMatch(/openExternal|loadFile\(|ELECTRON_RENDERER_URL|["'`]file:\/\/|bypassCSP\s*:\s*(?:true|!0)/);
    expect(main).not.toMatch(/loadURL\(\s*["'`]https?:/);
  });
});

describe('built preload (out/preload/index.cjs)', () => {
  const preload = built('out/preload/index.cjs');
  it('requires nothing but electron', () => {
    const required = [...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/\brequire\(\s*[^"'`\s]/); // no computed require
    expect(preload).not.toMatch(/\bimport\(/);
  });
  it('exposes one object, keyhold, and never ipcRenderer itself', () => {
    expect([...preload.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\(\s*["']keyhold["']/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });
});

describe("the page's Content-Security-Policy", () => {
  const metaCsp = (html: string): string => {
    const match = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(["'])(.*?)\1/i.exec(html);
    if (!match?.[2]) throw new Error('no CSP meta tag');
    return match[2];
  };

  it('is strict in renderer/index.html', () => {
    expectStrictCsp(metaCsp(readFileSync(path.join(ROOT, 'renderer/index.html'), 'utf8')));
  });

  it('survives the build, with no inline script or style in the built page', () => {
    const html = built('out/renderer/index.html');
    expectStrictCsp(metaCsp(html));
    for (const tag of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
      expect(tag[0]).toMatch(/\bsrc=/);
      expect(tag[1]?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
    expect(html).not.toMatch(/(?:src|href)=["'](?:https?:)?\/\//i);
  });
});
