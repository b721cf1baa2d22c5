// How many tag chips fit a row's tag column, measured with the chips' own font (a canvas measures
// text without touching the layout), so a row never hides a chip without counting it in "+N".
const CHIP_PADDING = 12; // 6 px either side (.chip)
const GAP = 4; // var(--s1)
export const MAX_ROW_TAGS = 3;

let ctx: CanvasRenderingContext2D | null | undefined;
let family = '';
const widths = new Map<string, number>();

/** Width of `text` in the chips' 11 px font; the "+N" chip is semi-bold (600). */
function textWidth(text: string, weight: 400 | 600): number {
  const key = `${weight}:${text}`;
  let w = widths.get(key);
  if (w !== undefined) return w;
  if (ctx === undefined) {
    ctx = document.createElement('canvas').getContext('2d');
    family = getComputedStyle(document.body).fontFamily;
  }
  if (ctx) ctx.font = `${weight} 11px ${family}`;
  // No canvas (unusual): assume a generous 7 px per character.
  w = ctx ? ctx.measureText(text).width : text.length * 7;
  widths.set(key, w);
  return w;
}

// +1: sub-pixel rounding of the laid-out chip.
const chipWidth = (text: string, weight: 400 | 600 = 400) => Math.ceil(textWidth(text, weight)) + CHIP_PADDING + 1;

/**
 * The number of leading tags to show in `width` px, leaving room for a "+N" chip when some are
 * left over. At least one is shown when it fits at all; it may then be cut with an ellipsis.
 */
export function tagsThatFit(tags: readonly string[], width: number): number {
  if (tags.length === 0 || width <= 0) return 0;
  const limit = Math.min(tags.length, MAX_ROW_TAGS);
  let used = 0;
  let shown = 0;
  for (let i = 0; i < limit; i++) {
    const next = used + (i > 0 ? GAP : 0) + chipWidth(tags[i]!);
    const left = tags.length - (i + 1);
    const reserve = left > 0 ? GAP + chipWidth(`+${left}`, 600) : 0;
    if (next + reserve > width) break;
    used = next;
    shown++;
  }
  // Nothing fits whole: one chip cut with an ellipsis still beats a bare "+N" when there is room.
  if (shown === 0 && width >= 48 + (tags.length > 1 ? GAP + chipWidth(`+${tags.length - 1}`, 600) : 0)) return 1;
  return shown;
}

/** Forgets every measured tag (they are vault contents): called when the vault locks. */
export function forgetMeasuredTags(): void {
  widths.clear();
}
