// The draggable right edge of a column header (also resizable from the keyboard: ←/→).
import { useRef } from 'react';

interface Props {
  label: string;
  width: number;
  onResize(width: number): void;
}

const KEY_STEP = 16;

export function ColumnResizer({ label, width, onResize }: Props) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label} column`}
      aria-valuenow={width}
      tabIndex={0}
      className="col-resizer"
      onClick={(e) => e.stopPropagation()}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width };
      }}
      onPointerMove={(e) => {
        if (drag.current) onResize(drag.current.width + e.clientX - drag.current.x);
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        e.stopPropagation();
        onResize(width + (e.key === 'ArrowRight' ? KEY_STEP : -KEY_STEP));
      }}
    />
  );
}
