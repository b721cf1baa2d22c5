// backup.* and restore.*: Settings' backup and restore. Backups are taken and verified by the
// vault core; a restore is checked completely on a copy (restore.preview) before the service
// closes the vault and replaces it (restore.apply).
import path from 'node:path';
import { KeyholdError } from '../../../shared/errors.ts';
import { stageRestore, type StagedRestore } from '../../vault/index.ts';
import type { Handlers } from '../context.ts';
import type { SessionItem } from '../sessions.ts';
import { listBackups } from '../rolling-backup.ts';

class RestoreSession implements SessionItem {
  readonly kind = 'restore';
  #done = false;
  readonly staged: StagedRestore;
  constructor(staged: StagedRestore) {
    this.staged = staged;
  }
  commit(): string | null {
    this.#done = true;
    return this.staged.commit();
  }
  dispose(): void {
    if (!this.#done) this.staged.discard();
    this.#done = true;
  }
}

const isRestore = (x: SessionItem): x is RestoreSession => x instanceof RestoreSession;

function defaultBackupName(now: number): string {
  return `keyhold-backup-${new Date(now).toISOString().slice(0, 10)}.keyhold`;
}

export const backupHandlers: Handlers<'backup.status' | 'backup.now' | 'restore.preview' | 'restore.apply'> = {
  'backup.status': (_in, app) => {
    app.vault();
    return { keep: app.settings().backupKeep, folder: path.dirname(app.vaultPath), backups: listBackups(app.vaultPath), lastError: app.lastBackupError() };
  },

  'backup.now': async (_in, app) => {
    app.vault();
    const file = await app.platform.chooseSaveFile({ title: 'Save a backup of the vault', defaultName: defaultBackupName(app.platform.now()) });
    if (file === null) throw new KeyholdError('CANCELLED', 'The backup was cancelled.');
    const s = await app.vault().backupTo(file);
    return { file, credentials: s.credentials, trashed: s.trashed };
  },

  'restore.preview': async ({ password }, app, origin) => {
    const current = app.vault().summary();
    const file = await app.platform.chooseOpenFile({ title: 'Restore the vault from a backup', extensions: ['keyhold', '*'] });
    if (file === null) throw new KeyholdError('CANCELLED', 'Restoring was cancelled.');
    const staged = await stageRestore(file, app.vaultPath, password, app.vault().vaultId, origin);
    const token = app.sessions.add(new RestoreSession(staged));
    return { token, file, backup: staged.backup, current };
  },

  'restore.apply': async ({ token }, app, origin) => {
    // Taken out of the store: closing the vault clears the store, which would discard it.
    const s = app.sessions.take(token, isRestore);
    if (!s) throw new KeyholdError('NOT_FOUND', 'This restore is no longer open (the vault was locked). Choose the backup again.');
    let replacedKeptAt: string | null;
    try {
      replacedKeptAt = await app.closeVaultFor(origin, () => s.commit());
    } finally {
      s.dispose();
    }
    return { replacedKeptAt, status: app.status() };
  },
};
