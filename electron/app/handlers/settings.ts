// settings.*: read and change the app settings (stored sealed in the vault).
import type { Handlers } from '../context.ts';

export const settingsHandlers: Handlers<'settings.get' | 'settings.set'> = {
  'settings.get': (_in, app) => app.settings(),
  'settings.set': (patch, app, origin) => app.updateSettings(patch, origin),
};
