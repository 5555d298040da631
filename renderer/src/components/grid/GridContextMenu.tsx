// The right-click menu of a grid row: copy the cell selection, or the row as JSON, CSV or INSERT.
import { useCallback, useEffect, useRef, useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { toastError, toastInfo } from '../../stores/toast-store';

export interface MenuItem {
  label: string;
  /** Text to copy (may be fetched), and what the toast calls it. */
  copy(): string | Promise<string>;
  what: string;
}

export interface MenuState {
  x: number;
  y: number;
  items: MenuItem[];
}

export function useContextMenu() {
  const [menu, setMenu] = useState<MenuState | null>(null);
  const close = useCallback(() => setMenu(null), []);
  return {
    menu,
    open: (event: React.MouseEvent, items: MenuItem[]) => {
      event.preventDefault();
      setMenu({ x: event.clientX, y: event.clientY, items });
    },
    close,
  };
}

export function GridContextMenu({ menu, onClose }: { menu: MenuState; onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [menu, onClose]);

  const run = async (item: MenuItem) => {
    onClose();
    try {
      await copyText(await item.copy());
      toastInfo(`Copied ${item.what}`);
    } catch (error) {
      toastError(error);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // Keep the menu inside the window.
  const left = Math.min(menu.x, window.innerWidth - 220);
  const top = Math.min(menu.y, window.innerHeight - 40 * menu.items.length);
  return (
    <div ref={ref} className="context-menu" role="menu" aria-label="Row actions" style={{ left, top }} onKeyDown={onKeyDown}>
      {menu.items.map((item) => (
        <button key={item.label} type="button" role="menuitem" tabIndex={-1} className="menu-item" onClick={() => void run(item)}>
          {item.label}
        </button>
      ))}
    </div>
  );
}
