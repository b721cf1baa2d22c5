// The security settings of the desktop window, in one pure module (no Electron import) so tests can
// assert them in source and in the built main bundle. The adapter (index.ts) only applies them.

/** The app's pages are served from this privileged custom scheme, never from file:// or http(s). */
export const APP_SCHEME = 'keyhold';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a header on every response of the app protocol (the page also carries a meta CSP).
 * No inline script or style, no eval, nothing from another origin, no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * webPreferences of the one BrowserWindow (the preload path is added by the adapter). The
 * renderer is a sandboxed web page: no Node, an isolated world for the preload, same-origin
 * policy on, no <webview>, no experimental or insecure features.
 */
export const WINDOW_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  enableWebSQL: false,
  plugins: false,
  safeDialogs: true,
  spellcheck: false,
} as const;

/** Privileges of the app scheme: a standard, secure origin that may use fetch; nothing that bypasses CSP. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  corsEnabled: false,
  stream: false,
} as const;

/** True only for a URL on the app's own origin (keyhold://app/...). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/**
 * Requests the session may make at all: the app's own origin, data: URLs (the CSP lets the page
 * use them for images only) and devtools: (DevTools' own pages; DevTools is off in packaged
 * builds). Everything else (http, https, ws, file, ftp...) is cancelled before it leaves the process.
 */
export function isAllowedRequestUrl(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('devtools:');
}

/** What the IPC sender check reads of a frame (Electron's WebFrameMain has these). */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** An IPC call is served only from the main window's top frame while it shows the app's own origin. */
export function isTrustedSender(sender: SenderFrameLike | null | undefined, mainFrame: SenderFrameLike | null | undefined): boolean {
  if (!sender || !mainFrame) return false;
  const sameFrame = sender === mainFrame || (sender.processId === mainFrame.processId && sender.routingId === mainFrame.routingId);
  return sameFrame && sender.parent === null && isAppUrl(sender.url);
}
