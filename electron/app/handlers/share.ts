// identity, contacts and share.*: delegate to the share module. Files go through main's dialogs;
// an opened bundle stays in main (preview store) until the user imports it or the vault locks.
import { KeyholdError } from '../../../shared/errors.ts';
import type { Handlers } from '../context.ts';
import { readFileLimited, writeFileAtomic } from '../files.ts';
import { byId } from './credentials.ts';

/** Bundles are small; the contract caps dropped bytes at 1 MiB, and files get the same limit. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;
export const BUNDLE_EXTENSION = 'keyhold-share';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Buffer {
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new KeyholdError('INVALID_INPUT', 'The dropped file is not valid base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_BUNDLE_BYTES) throw new KeyholdError('TOO_LARGE', 'The dropped file is larger than 1 MiB: not a Keyhold share bundle');
  return bytes;
}

function defaultFileName(now: number): string {
  return `keyhold-share-${new Date(now).toISOString().slice(0, 10)}.${BUNDLE_EXTENSION}`;
}

type ShareOps = 'identity.get' | 'contacts.list' | 'contacts.add' | 'contacts.remove' | 'share.create' | 'share.preview' | 'share.import' | 'share.listSent';

export const shareHandlers: Handlers<ShareOps> = {
  'identity.get': (_in, app) => app.share().getIdentity(app.vault()),
  'contacts.list': (_in, app) => app.share().listContacts(app.vault()),
  'contacts.add': ({ name, line }, app, origin) => app.share().addContact(app.vault(), name, line, origin),
  'contacts.remove': ({ name }, app, origin) => {
    app.share().removeContact(app.vault(), name, origin);
    return {};
  },

  'share.create': async (input, app, origin) => {
    const share = app.share();
    // Check the credentials before asking where to save, so a refusal doesn't follow a dialog.
    for (const id of input.credentialIds) {
      const meta = byId(app.vault(), id);
      if (meta.trashedAt !== null || meta.status === 'disabled' || meta.status === 'revoked') {
        throw new KeyholdError('DISABLED', `'${meta.name}' is ${meta.trashedAt !== null ? 'in the trash' : meta.status}: it can't be shared`);
      }
    }
    const file = await app.platform.chooseSaveFile({ title: 'Save share bundle', defaultName: defaultFileName(app.platform.now()) });
    if (file === null) throw new KeyholdError('CANCELLED', 'Sharing was cancelled.');
    const req = { refs: input.credentialIds, to: input.to, expiresInSeconds: input.expiresInSeconds, ...(input.message !== undefined ? { message: input.message } : {}) };
    const { bytes, sent } = await share.createBundle(app.vault(), req, origin);
    writeFileAtomic(file, bytes);
    share.recordSentFile(app.vault(), sent.bundleId, file);
    return { ...sent, file };
  },

  'share.preview': async ({ source, passphrase }, app, origin) => {
    const share = app.share();
    app.vault(); // fail with LOCKED before any dialog
    let bytes: Buffer;
    if (source.kind === 'dialog') {
      const file = await app.platform.chooseOpenFile({ title: 'Open share bundle', extensions: [BUNDLE_EXTENSION] });
      if (file === null) throw new KeyholdError('CANCELLED', 'Opening was cancelled.');
      bytes = readFileLimited(file, MAX_BUNDLE_BYTES);
    } else {
      bytes = decodeBase64(source.base64);
    }
    const opened = await share.openBundle(app.vault(), bytes, passphrase !== undefined ? { passphrase } : {}, origin);
    const vault = app.vault();
    const names = new Set(vault.list({ scope: 'all' }).map((m) => m.name));
    return {
      token: app.previews.add(opened),
      bundleId: opened.bundleId,
      sender: { line: opened.sender.line, fingerprint: opened.sender.fingerprint, contactName: opened.sender.contactName },
      createdAt: opened.createdAt,
      expiresAt: opened.expiresAt,
      message: opened.message,
      credentials: opened.credentials.map((c) => ({ name: c.name, service: c.service, environment: c.environment, clash: names.has(c.name) })),
    };
  },

  'share.import': ({ token, trustSender, renames }, app, origin) => {
    const share = app.share();
    const vault = app.vault();
    const opened = app.previews.get(token);
    if (!opened) throw new KeyholdError('NOT_FOUND', 'This bundle is no longer open (the vault was locked or it was already imported). Open it again.');
    const opts = {
      ...(trustSender ? { trustSenderFingerprint: opened.sender.fingerprint } : {}),
      ...(renames !== undefined ? { renames } : {}),
    };
    const result = share.importBundle(vault, opened, opts, origin);
    app.previews.delete(token);
    return { imported: result.imported };
  },

  'share.listSent': (_in, app) => app.share().listSent(app.vault()),
};
