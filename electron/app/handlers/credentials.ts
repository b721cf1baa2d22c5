// credentials.*: list/search, metadata, the value lifecycle (create, rotate, reveal, copy) and
// status/trash. Metadata only leaves here, except reveal, which returns the value on purpose.
import { z } from 'zod';
import type { valueSourceSchema } from '../../../shared/contract.ts';
import { KeyholdError } from '../../../shared/errors.ts';
import type { CredentialMeta, GeneratorRecipe } from '../../../shared/model.ts';
import type { VaultApi } from '../../vault/api.ts';
import { generateSecret } from '../../vault/index.ts';
import type { AppContext, Handlers } from '../context.ts';
import { queryCredentials } from '../list-query.ts';

/** How long the renderer shows a revealed value before hiding it again. */
export const REVEAL_HIDE_AFTER_MS = 10_000;

/** The contract speaks of ids; the vault also resolves names, so make sure an id was meant. */
export function byId(vault: VaultApi, id: string): CredentialMeta {
  const meta = vault.get(id);
  if (meta.id !== id) throw new KeyholdError('NOT_FOUND', `No credential with id ${id}`);
  return meta;
}

type ValueSource = z.output<typeof valueSourceSchema>;

/**
 * Runs `store` with the value of `source` and the generator settings to keep with the credential
 * (none for a typed value; the CLI's rotate --generate reuses them). A draft is used up only if
 * `store` succeeds, so a refused save (a name already taken) can be retried with the same value.
 */
function withValue<T>(source: ValueSource, app: AppContext, store: (value: string, recipe: GeneratorRecipe | undefined) => T): T {
  if (source.kind === 'text') return store(source.value, undefined);
  if (source.kind === 'draft') return app.drafts.commit(source.draftId, store);
  const { length, alphabet, prefix } = source.options;
  return store(generateSecret(source.options).value, { length, alphabet, prefix: prefix ?? '' });
}

type CredOps =
  | 'credentials.list' | 'credentials.get' | 'credentials.create' | 'credentials.edit' | 'credentials.rotate'
  | 'credentials.setStatus' | 'credentials.trash' | 'credentials.restore' | 'credentials.purge'
  | 'credentials.reveal' | 'credentials.copy' | 'credentials.history' | 'credentials.damaged';

export const credentialHandlers: Handlers<CredOps> = {
  'credentials.list': (q, app) => queryCredentials(app.vault().list({ scope: 'all' }), q),
  'credentials.get': ({ id }, app) => byId(app.vault(), id),
  'credentials.damaged': (_in, app) => app.vault().damaged(),
  'credentials.create': ({ fields, value }, app, origin) =>
    withValue(value, app, (secret, recipe) => app.vault().add({ ...fields, ...(recipe ? { generator: recipe } : {}) }, secret, origin)),
  'credentials.edit': ({ id, patch }, app, origin) => app.vault().edit(byId(app.vault(), id).id, patch, origin),
  'credentials.rotate': ({ id, value, reason }, app, origin) => {
    const target = byId(app.vault(), id).id;
    return withValue(value, app, (secret, recipe) => app.vault().rotate(target, secret, reason, origin, recipe));
  },
  'credentials.setStatus': ({ id, status }, app, origin) => app.vault().setStatus(byId(app.vault(), id).id, status, origin),
  'credentials.trash': ({ id }, app, origin) => app.vault().trash(byId(app.vault(), id).id, origin),
  'credentials.restore': ({ id, newName }, app, origin) => app.vault().restore(byId(app.vault(), id).id, origin, newName),
  'credentials.purge': ({ id }, app, origin) => {
    app.vault().purge(byId(app.vault(), id).id, origin);
    return {};
  },
  'credentials.reveal': ({ id }, app, origin) => ({
    value: app.vault().readValue(byId(app.vault(), id).id, 'reveal', origin),
    hideAfterMs: REVEAL_HIDE_AFTER_MS,
  }),
  'credentials.copy': async ({ id }, app, origin) => {
    const value = app.vault().readValue(byId(app.vault(), id).id, 'copy', origin);
    return { clearsInMs: await app.copyToClipboard(value) };
  },
  'credentials.history': ({ id }, app) => app.vault().history(byId(app.vault(), id).id),
};
