// The pure security checks of the Electron adapter: app URLs, allowed requests, IPC sender frames.
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAllowedRequestUrl, isAppUrl, isTrustedSender } from '../../electron/main/hardening.ts';

describe('isAppUrl', () => {
  it("accepts only the app's own origin", () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('keyhold://app/assets/x.js')).toBe(true);
    for (const url of [
      'keyhold://evil/index.html', 'keyhold://app.evil.com/', 'keyhold://app:1/', 'keyhold://u:p@app/', 'https://app/',
      'http://localhost:5173/', 'file:///work/main/out/renderer/index.html', 'about:blank', 'javascript:alert(1)', 'data:text/html,x', '', 'keyhold:app',
    ]) expect(isAppUrl(url), url).toBe(false);
  });
});

describe('isAllowedRequestUrl', () => {
  it('lets through the app origin and data: images, nothing remote', () => {
    expect(isAllowedRequestUrl('keyhold://app/assets/logo.svg')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1/', 'ws://localhost:5173/', 'file:///etc/passwd', 'ftp://x/']) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });
});

describe('isTrustedSender', () => {
  const top = { url: APP_ENTRY_URL, parent: null, processId: 4, routingId: 1 };
  it('trusts the main top frame on the app origin (same object or same ids)', () => {
    expect(isTrustedSender(top, top)).toBe(true);
    expect(isTrustedSender({ ...top }, top)).toBe(true);
  });
  it('refuses a missing frame, a subframe, another frame, or a foreign URL', () => {
    expect(isTrustedSender(null, top)).toBe(false);
    expect(isTrustedSender(top, null)).toBe(false);
    expect(isTrustedSender({ ...top, parent: top }, top)).toBe(false);
    expect(isTrustedSender({ ...top, routingId: 2 }, top)).toBe(false);
    expect(isTrustedSender({ ...top, processId: 5 }, top)).toBe(false);
    expect(isTrustedSender({ ...top, url: 'https://evil.example/' }, { ...top, url: 'https://evil.example/' })).toBe(false);
  });
});
