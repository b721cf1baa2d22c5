// A context menu at the pointer (or under the selected row when opened with the keyboard): the
// same keys as the overflow menu; Esc, Tab, a click outside or a scroll close it and focus goes
// back to where it was, before the chosen action runs (so a confirmation returns focus there too).
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MenuItem } from './Menu.tsx';

export interface ContextMenuState {
  x: number;
  y: number;
  label: string;
  items: MenuItem[];
}

export function ContextMenu({ menu, onClose }: { menu: ContextMenuState; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [pos, setPos] = useState({ left: menu.x, top: menu.y });
  const returnTo = useRef<HTMLElement | null>(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  const items = menu.items;

  // Keep the whole menu inside the window.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    setPos({
      left: Math.max(4, Math.min(menu.x, window.innerWidth - r.width - 4)),
      top: Math.max(4, Math.min(menu.y, window.innerHeight - r.height - 4)),
    });
  }, [menu.x, menu.y]);

  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);

  useEffect(() => {
    const away = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    const onScroll = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', away, true);
    document.addEventListener('contextmenu', away, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('blur', onClose);
    window.addEventListener('resize', onClose);
    return () => {
      document.removeEventListener('mousedown', away, true);
      document.removeEventListener('contextmenu', away, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('blur', onClose);
      window.removeEventListener('resize', onClose);
    };
  }, [onClose]);

  function close() {
    onClose();
    returnTo.current?.focus();
  }

  function onKey(e: KeyboardEvent) {
    const n = items.length;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % n);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + n) % n);
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(n - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  }

  return (
    <div ref={ref} role="menu" aria-label={menu.label} className="menu context-menu" style={{ left: pos.left, top: pos.top }} onKeyDown={onKey}>
      {items.map((item, i) => (
        <button key={item.label} type="button" role="menuitem" tabIndex={i === active ? 0 : -1}
          aria-disabled={item.disabled || undefined}
          className={item.danger ? 'menu-item danger-text' : 'menu-item'}
          onClick={() => {
            if (item.disabled) return;
            close();
            item.onSelect();
          }}>
          {item.label}
          {item.hint && <span className="menu-hint" aria-hidden="true">{item.hint}</span>}
        </button>
      ))}
    </div>
  );
}
