// Names and channels of the IPC operations, without zod: the sandboxed preload needs only these,
// so it stays a few hundred bytes instead of bundling the validator. contract.ts checks at compile
// time that this list and its table name exactly the same operations.
export const OP_NAMES = [
  'vault.status',
  'vault.create',
  'vault.unlock',
  'vault.lock',
  'vault.changePassword',
  'vault.kdf',
  'vault.verify',
  'credentials.list',
  'credentials.get',
  'credentials.create',
  'credentials.edit',
  'credentials.rotate',
  'credentials.setStatus',
  'credentials.trash',
  'credentials.restore',
  'credentials.purge',
  'credentials.reveal',
  'credentials.copy',
  'credentials.history',
  'tags.list',
  'tags.rename',
  'audit.list',
  'generator.generate',
  'settings.get',
  'settings.set',
  'identity.get',
  'contacts.list',
  'contacts.add',
  'contacts.remove',
  'share.create',
  'share.preview',
  'share.import',
  'share.listSent',
  'agent.approve',
  'health.report',
  'health.tick',
  'scan.run',
  'credentials.damaged',
] as const;

export type OpName = (typeof OP_NAMES)[number];

/** IPC channel of an operation; the preload and main derive channel names from here only. */
export const channelOf = (name: OpName): string => `keyhold:${name}`;
export const EVENT_CHANNEL = 'keyhold:event';
