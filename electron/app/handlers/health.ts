// health.report and health.tick: the Needs-attention dashboard's data (never values).
import { tickStep } from '../../health/checklist.ts';
import { buildHealthReport } from '../../health/report.ts';
import type { AppContext, Handlers } from '../context.ts';
import type { OriginInfo } from '../../../shared/model.ts';

function report(app: AppContext, origin: OriginInfo) {
  const now = app.platform.now();
  return buildHealthReport(app.vault(), { now, leadDays: app.settings().reminderLeadDays, origin });
}

export const healthHandlers: Handlers<'health.report' | 'health.tick'> = {
  'health.report': (_input, app, origin) => report(app, origin),
  'health.tick': ({ id, step, done }, app, origin) => {
    tickStep(app.vault(), id, step, done, new Date(app.platform.now()).toISOString(), origin);
    return report(app, origin);
  },
};
