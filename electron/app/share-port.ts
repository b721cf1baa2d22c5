// The part of the share module (electron/share, API in notes/share-api.md) the application
// service uses. Injectable so the service can be tested with a failing stand-in; the real module
// is the default.
import type * as share from '../share/index.ts';

export type ShareModule = Pick<
  typeof share,
  'getIdentity' | 'listContacts' | 'addContact' | 'removeContact' | 'createBundle' | 'recordSentFile' | 'openBundle' | 'importBundle' | 'importPlan' | 'listSent' | 'readBundleFile'
>;
export type { OpenedBundle } from '../share/index.ts';
