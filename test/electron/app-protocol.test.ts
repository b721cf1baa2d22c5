// The app protocol serves only the built renderer folder: real files in a temp dir, real Requests.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler, mimeTypeOf, resolveAppPath } from '../../electron/main/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/hardening.ts';

const base = mkdtempSync(path.join(tmpdir(), 'keyhold-proto-'));
const root = path.join(base, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Keyhold</title>');
writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(path.join(root, 'assets', 'index-abc.css'), 'body{}');
writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer folder');
symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.js'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handler = createAppRequestHandler(root);
const get = (url: string, method = 'GET'): Promise<Response> => handler(new Request(url, { method }));

describe('app protocol path resolution', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppPath(root, 'keyhold://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'keyhold://app/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'keyhold://app/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it('refuses path traversal in every spelling', () => {
    for (const url of [
      'keyhold://app/../secret.txt',
      'keyhold://app/assets/../../secret.txt',
      'keyhold://app/%2e%2e/secret.txt',
      'keyhold://app/%2E%2E%2Fsecret.txt',
      'keyhold://app/assets/..%2f..%2fsecret.txt',
      'keyhold://app/..%5csecret.txt',
      'keyhold://app/assets%5c..%5c..%5csecret.txt',
      'keyhold://app/%00index.html',
      'keyhold://app/%E0%A4%A',
      `keyhold://app/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    ]) expect(resolveAppPath(root, url), url).not.toBe(path.join(base, 'secret.txt'));
    // (The URL parser itself folds plain and %2e dot segments; encoded separators reach our check.)
    for (const url of ['keyhold://app/%2E%2E%2Fsecret.txt', 'keyhold://app/..%5csecret.txt', 'keyhold://app/%00index.html', 'keyhold://app/%E0%A4%A']) {
      expect(resolveAppPath(root, url), url).toBeNull();
    }
  });

  it('refuses other origins and schemes', () => {
    for (const url of ['keyhold://evil/index.html', 'keyhold://app:8080/index.html', 'keyhold://user@app/index.html', 'file:///etc/passwd', 'https://app/index.html', 'not a url']) {
      expect(resolveAppPath(root, url), url).toBeNull();
    }
  });

  it('knows the MIME types of built assets', () => {
    expect(mimeTypeOf('a/index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('x.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('x.svg')).toBe('image/svg+xml');
    expect(mimeTypeOf('x.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream');
  });
});

describe('app protocol handler', () => {
  it('serves files with their MIME type and the CSP header', async () => {
    const page = await get('keyhold://app/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Keyhold</title>');
    const script = await get('keyhold://app/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('answers 404 with the CSP for missing files, traversal and symlinks out of the folder', async () => {
    for (const url of ['keyhold://app/missing.js', 'keyhold://app/../secret.txt', 'keyhold://app/%2e%2e/secret.txt', 'keyhold://app/assets/link.js', 'keyhold://app/assets']) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).not.toContain('outside the renderer folder');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('keyhold://app/index.html', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
