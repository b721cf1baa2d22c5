// tags.*: the tag list with counts, and rename (renaming onto an existing tag merges them).
import { KeyholdError } from '../../../shared/errors.ts';
import type { Handlers } from '../context.ts';

export const tagHandlers: Handlers<'tags.list' | 'tags.rename'> = {
  'tags.list': (_in, app) => app.vault().tags(),
  'tags.rename': ({ from, to }, app, origin) => {
    const vault = app.vault();
    // Trashed credentials keep their tags and are renamed too, so look in the trash as well.
    if (!vault.list({ scope: 'all' }).some((m) => m.tags.includes(from))) {
      throw new KeyholdError('NOT_FOUND', `No credential has the tag '${from}'`);
    }
    return { changed: vault.renameTag(from, to, origin) };
  },
};
