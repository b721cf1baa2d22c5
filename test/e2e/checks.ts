// Page-wide checks for the accessibility and layout tests: axe-core (injected from node_modules
// through Playwright, which evaluates past the page's CSP) and a layout probe that finds text cut
// off without an ellipsis and tooltip, controls outside the window, and badges overlapping.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA and best practice). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Colours mid-transition (just after a theme switch) would be measured half-way.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Layout problems on the page as it is now, as readable lines (empty when all is well):
 * - text cut off (content wider than a box that hides overflow) without an ellipsis, or with an
 *   ellipsis but without the full text in a title on it or an ancestor;
 * - a control (button, input, select, link, [tabindex]) outside the window and not inside a
 *   scrolling container that can bring it in; the page itself scrolling sideways;
 * - two cells of a list row overlapping, or a badge outside its row's badge cell.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const describe = (el: Element) => {
      const cls = el.getAttribute('class');
      const text = (el.textContent ?? '').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}> "${text}"`;
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return false; // sr-only and collapsed things
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
    };
    // Inside an inert part of the page (behind a modal dialog) nothing is checked but the dialog.
    const modal = document.querySelector('dialog[open]');
    const inScope = (el: Element) => !modal || modal.contains(el);

    if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in a ${vw} px window`);

    // Text cut off.
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (!inScope(el) || !visible(el)) continue;
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) continue;
      if (el.closest('svg')) continue;
      const s = getComputedStyle(el);
      const hides = (v: string) => v === 'hidden' || v === 'clip';
      const cutX = hides(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const cutY = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 1 && s.display !== 'flex' && s.display !== 'grid';
      if (!cutX && !cutY) continue;
      const text = (el.textContent ?? '').trim();
      if (!text) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!ownText) {
        // A container (a row's tag strip): each child is checked itself; none may be cut by the edge.
        if (!cutX) continue;
        const box = el.getBoundingClientRect();
        for (const c of el.children) {
          if (!visible(c)) continue;
          const r = c.getBoundingClientRect();
          if (r.right > box.right + 1 || r.left < box.left - 1) out.push(`cut off by its container: ${describe(c)} in ${describe(el)}`);
        }
        continue;
      }
      if (cutY && !cutX) {
        out.push(`text cut off vertically: ${describe(el)}`);
        continue;
      }
      if (s.textOverflow !== 'ellipsis') {
        out.push(`text cut off without an ellipsis: ${describe(el)}`);
        continue;
      }
      const title = el.closest('[title]')?.getAttribute('title') ?? '';
      const shown = [...el.childNodes]
        .filter((n) => !(n instanceof HTMLElement && n.classList.contains('sr-only')))
        .map((n) => n.textContent ?? '').join('').trim();
      // "+3" chips carry the rest in their title, not the "+3" itself.
      if (!title || (!/^\+\d+$/.test(shown) && !title.includes(shown))) {
        out.push(`text cut by an ellipsis without the full text in a title: ${describe(el)} (title "${title.slice(0, 40)}")`);
      }
    }

    // Controls outside the window.
    const scrollsTo = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if ((s.overflowY === 'auto' || s.overflowY === 'scroll') && p.scrollHeight > p.clientHeight) return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"]), summary')) {
      if (!inScope(el) || !visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.left < -1 || r.right > vw + 1) out.push(`control outside the window horizontally (${Math.round(r.left)}–${Math.round(r.right)} of ${vw}): ${describe(el)}`);
      else if ((r.top < -1 || r.bottom > vh + 1) && !scrollsTo(el)) out.push(`control outside the window vertically (${Math.round(r.top)}–${Math.round(r.bottom)} of ${vh}): ${describe(el)}`);
    }

    // List rows: cells side by side, badges inside their cell.
    for (const row of document.querySelectorAll<HTMLElement>('[role="option"].row')) {
      if (!inScope(row) || !visible(row)) continue;
      const cells = [...row.children].filter(visible).map((c) => ({ c, r: c.getBoundingClientRect() }));
      for (let i = 1; i < cells.length; i++) {
        if (cells[i]!.r.left < cells[i - 1]!.r.right - 1) out.push(`row cells overlap: ${describe(cells[i - 1]!.c)} and ${describe(cells[i]!.c)}`);
      }
      const cell = row.querySelector('.badges');
      if (!cell) continue;
      const box = cell.getBoundingClientRect();
      const parts = [...cell.children].filter(visible).map((b) => ({ b, r: b.getBoundingClientRect() }));
      for (const { b, r } of parts) {
        if (r.left < box.left - 1 || r.right > box.right + 1) out.push(`badge outside its cell: ${describe(b)} in ${describe(row.querySelector('.row-name') ?? row)}`);
      }
      for (let i = 1; i < parts.length; i++) {
        if (parts[i]!.r.left < parts[i - 1]!.r.right - 1) out.push(`badges overlap: ${describe(parts[i - 1]!.b)} and ${describe(parts[i]!.b)}`);
      }
    }
    return out;
  });
}
