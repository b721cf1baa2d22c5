// Tags across all credentials: counts for the tag list and renaming (or merging) a tag everywhere.
import type { OriginInfo } from '../../shared/model.ts';
import { parseInput, tagSchema } from './validate.ts';
import { nowIso, type VaultContext } from './context.ts';
import { readTransaction, writeTransaction } from './transaction.ts';
import { cloneMeta, dedupe, saveMeta } from './credential-records.ts';
import { logAction } from './audit-log.ts';
import { collate } from './collation.ts';

/** Tags of credentials not in the trash, with how many use each. */
export function countTags(ctx: VaultContext): { tag: string; count: number }[] {
  return readTransaction(ctx, () => {
    const counts = new Map<string, number>();
    for (const m of ctx.index.all(ctx)) {
      if (m.trashedAt !== null) continue;
      for (const t of m.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => collate(a.tag, b.tag));
  });
}

export function renameTag(ctx: VaultContext, from: string, to: string, origin: OriginInfo): number {
  const f = parseInput(tagSchema, from, 'tag');
  const t = parseInput(tagSchema, to, 'new tag');
  if (f === t) return 0;
  return writeTransaction(ctx, () => {
    let n = 0;
    for (const m of ctx.index.all(ctx)) {
      if (!m.tags.includes(f)) continue;
      saveMeta(ctx, { ...cloneMeta(m), tags: dedupe(m.tags.map((x) => (x === f ? t : x))), updatedAt: nowIso(ctx) });
      n++;
    }
    if (n > 0) logAction(ctx, 'tag.rename', origin, { detail: `'${f}' -> '${t}' on ${n} credential(s)` });
    return n;
  });
}
