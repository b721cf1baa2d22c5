// "Did you mean …?": the nearest known word by edit distance (a swap of two neighbours counts as
// one edit, so `lsit` is one step from `list`), with aliases people type from other tools
// (`remove` → `rm`, `list` → `ls`). No suggestion beats a wrong one: short words allow one edit.

/** Words people type for a Keyhold command, from other tools' vocabulary. */
export const COMMAND_ALIASES: Readonly<Record<string, string>> = {
  remove: 'rm', delete: 'rm', del: 'rm', list: 'ls', dir: 'ls', new: 'add', create: 'add', insert: 'add',
  cat: 'get', print: 'get', read: 'get', info: 'show', inspect: 'show', update: 'edit', modify: 'edit',
  rename: 'edit', regenerate: 'rotate', renew: 'rotate', log: 'audit', logs: 'audit', undelete: 'restore',
  recover: 'restore', generate: 'gen', password: 'passwd', 'change-password': 'passwd', check: 'verify',
  compromised: 'mark-compromised', leak: 'mark-compromised', whoami: 'identity', contacts: 'contact',
  send: 'share', activate: 'enable', deactivate: 'disable',
};

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Edits allowed for a typed word: 1 up to 4 characters, then about one in four, at most 3. */
function allowance(word: string): number {
  return word.length <= 4 ? 1 : Math.min(3, Math.floor(word.length / 4) + 1);
}

/**
 * The known word nearest to `typed`, or undefined when none is close enough (or two are equally
 * close: a coin toss is no help). `aliases` map other words to known ones.
 */
export function suggest(typed: string, known: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const lower = typed.toLowerCase();
  const exactAlias = Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
  if (exactAlias && known.includes(exactAlias)) return exactAlias;
  const caseOnly = known.filter((k) => k.toLowerCase() === lower);
  if (caseOnly.length === 1) return caseOnly[0];
  const candidates: [string, string][] = [...known.map((k): [string, string] => [k, k]), ...Object.entries(aliases).filter(([, to]) => known.includes(to))];
  let best: string | undefined;
  let bestDistance = allowance(typed) + 1;
  let tie = false;
  for (const [spelled, target] of candidates) {
    const dist = editDistance(lower, spelled.toLowerCase());
    if (dist < bestDistance) {
      best = target;
      bestDistance = dist;
      tie = false;
    } else if (dist === bestDistance && target !== best) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}
