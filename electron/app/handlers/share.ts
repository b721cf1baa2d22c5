// identity, contacts and share.*: delegate to the share module. Files go through main's dialogs;
// an opened bundle stays in main (preview store) until the user imports it or the vault locks.
import { KeyholdError } from '../../../shared/errors.ts';
import type { Handlers } from '../context.ts';
import { writeFileAtomic } from '../files.ts';
import { byId } from './credentials.ts';

/** A bundle is an age file: `age -d -i identity bundle.age` opens it too. */
export const BUNDLE_EXTENSION = 'age';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new KeyholdError('INVALID_INPUT', 'The dropped file is not valid base64');
  return Buffer.from(text, 'base64');
}

function defaultFileName(now: number): string {
  return `keyhold-share-${new Date(now).toISOString().slice(0, 10)}.${BUNDLE_EXTENSION}`;
}

type ShareOps = 'identity.get' | 'contacts.list' | 'contacts.add' | 'contacts.remove' | 'share.create' | 'share.preview' | 'share.import' | 'share.listSent';

export const shareHandlers: Handlers<ShareOps> = {
  'identity.get': (_in, app) => app.share.getIdentity(app.vault(), app.shareEnv),
  'contacts.list': (_in, app) => app.share.listContacts(app.vault()),
  'contacts.add': ({ name, line }, app, origin) => app.share.addContact(app.vault(), name, line, origin, app.shareEnv),
  'contacts.remove': ({ name }, app, origin) => {
    app.share.removeContact(app.vault(), name, origin);
    return {};
  },

  'share.create': async (input, app, origin) => {
    // Check the credentials before asking where to save, so a refusal doesn't follow a dialog
    // (the share module checks again).
    for (const id of input.credentialIds) {
      const meta = byId(app.vault(), id);
      const why = meta.trashedAt !== null ? 'is in the trash' : meta.status !== 'active' ? `is ${meta.status}` : null;
      if (why) throw new KeyholdError('DISABLED', `'${meta.name}' ${why}: it can't be shared`);
    }
    const file = await app.platform.chooseSaveFile({ title: 'Save share bundle', defaultName: defaultFileName(app.platform.now()) });
    if (file === null) throw new KeyholdError('CANCELLED', 'Sharing was cancelled.');
    const req = {
      refs: input.credentialIds, to: input.to, expiresInSeconds: input.expiresInSeconds,
      ...(input.message !== undefined ? { message: input.message } : {}),
    };
    const { bytes, sent } = await app.share.createBundle(app.vault(), req, origin, app.shareEnv);
    writeFileAtomic(file, bytes);
    app.share.recordSentFile(app.vault(), sent.bundleId, file);
    return { ...sent, file };
  },

  'share.preview': async ({ source, passphrase }, app, origin) => {
    app.vault(); // LOCKED before any dialog
    let bytes: Uint8Array;
    if (source.kind === 'dialog') {
      const file = await app.platform.chooseOpenFile({ title: 'Open share bundle', extensions: [BUNDLE_EXTENSION] });
      if (file === null) throw new KeyholdError('CANCELLED', 'Opening was cancelled.');
      bytes = app.share.readBundleFile(file); // reads at most the size limit (+1: openBundle refuses more)
    } else {
      bytes = decodeBase64(source.base64);
    }
    const vault = app.vault();
    const opened = await app.share.openBundle(vault, bytes, passphrase !== undefined ? { passphrase } : {}, origin, app.shareEnv);
    const plan = app.share.importPlan(vault, opened);
    return {
      token: app.previews.add(opened),
      bundleId: opened.bundleId,
      sender: { line: opened.sender.line, fingerprint: opened.sender.fingerprint, contactName: opened.sender.contactName },
      createdAt: opened.createdAt,
      expiresAt: opened.expiresAt,
      message: opened.message,
      credentials: opened.credentials.map((c, i) => ({ name: c.name, service: c.service, environment: c.environment, clash: plan[i]?.clash ?? false })),
      passphrase: opened.passphrase,
      intendedFor: opened.intendedFor,
      alreadyImportedAt: opened.alreadyImportedAt,
    };
  },

  'share.import': ({ token, trustSender, renames }, app, origin) => {
    const vault = app.vault();
    const opened = app.previews.get(token);
    if (!opened) throw new KeyholdError('NOT_FOUND', 'This bundle is no longer open (the vault was locked, or it was imported already). Open it again.');
    const opts = {
      ...(trustSender ? { trustSenderFingerprint: opened.sender.fingerprint } : {}),
      ...(renames !== undefined ? { renames } : {}),
    };
    const result = app.share.importBundle(vault, opened, opts, origin, app.shareEnv);
    app.previews.delete(token);
    return { imported: result.imported };
  },

  'share.listSent': (_in, app) => app.share.listSent(app.vault()),
};
