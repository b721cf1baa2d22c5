// rollback.*: the warning shown when the vault opened older than this app last saw it, and the
// user's acknowledgement (rollback-guard.ts).
import type { Handlers } from '../context.ts';

export const rollbackHandlers: Handlers<'rollback.status' | 'rollback.acknowledge'> = {
  'rollback.status': (_in, app) => app.rollback.status(),
  'rollback.acknowledge': (_in, app, origin) => app.rollback.acknowledge(origin),
};
