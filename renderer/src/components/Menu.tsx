// An overflow menu (menu button pattern): arrows move, Enter/Space activate, Esc closes; focus goes
// back to the button before the action runs, so a confirmation dialog returns focus there too.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** A keyboard shortcut shown beside the label. */
  hint?: string;
}

export function Menu({ label, items }: { label: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  // Fixed to the window, right-aligned under the button and kept inside the window, so a pane that
  // clips its overflow (the detail) never cuts the menu off.
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    if (!open) {
      setPos(null);
      return;
    }
    const b = buttonRef.current?.getBoundingClientRect();
    const m = listRef.current?.getBoundingClientRect();
    if (!b || !m) return;
    const below = b.bottom + 4;
    setPos({
      left: Math.max(4, Math.min(b.right - m.width, window.innerWidth - m.width - 4)),
      top: below + m.height > window.innerHeight - 4 ? Math.max(4, b.top - m.height - 4) : below,
    });
  }, [open]);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!listRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  function close(focusButton = true) {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  }

  function choose(item: MenuItem) {
    if (item.disabled) return;
    close();
    item.onSelect();
  }

  function onMenuKey(e: KeyboardEvent) {
    const n = items.length;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % n);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + n) % n);
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(n - 1);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') close(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  }

  return (
    <div className="menu-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(e.key === 'ArrowDown' ? 0 : items.length - 1);
            setOpen(true);
          }
        }}
      >
        ⋯
      </button>
      {open && (
        <div ref={listRef} id={menuId} role="menu" aria-label={label} className="menu"
          style={pos ?? { left: -9999, top: 0 }} onKeyDown={onMenuKey}>
          {items.map((item, i) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              aria-disabled={item.disabled || undefined}
              className={item.danger ? 'menu-item danger-text' : 'menu-item'}
              onClick={() => choose(item)}
            >
              {item.label}
              {item.hint && <span className="menu-hint" aria-hidden="true">{item.hint}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
