// generator.draft / generator.reveal: a generated value previewed masked in the New credential and
// Rotate dialogs. The value stays in main's draft store; credentials.create/rotate commit it by id.
import type { Handlers } from '../context.ts';
import { REVEAL_HIDE_AFTER_MS } from './credentials.ts';

type GeneratorOps = 'generator.draft' | 'generator.reveal' | 'generator.discard';

export const generatorHandlers: Handlers<GeneratorOps> = {
  'generator.draft': ({ options, replaces }, app) => {
    app.vault(); // LOCKED: drafts live only while the vault is unlocked
    return app.drafts.create(options, replaces);
  },
  // Not on the audit trail: the value is not in the vault yet (every reveal once saved is audited).
  'generator.reveal': ({ draftId }, app) => {
    app.vault();
    return { value: app.drafts.reveal(draftId), hideAfterMs: REVEAL_HIDE_AFTER_MS };
  },
  'generator.discard': ({ draftId }, app) => {
    app.vault();
    app.drafts.discard(draftId);
    return {};
  },
};
