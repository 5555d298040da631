// A draggable vertical edge that sets a width: pointer drag, or ←/→ from the keyboard. The column
// headers' resizers and the inspector's splitter are both one.
import { useRef } from 'react';

interface Props {
  label: string;
  className: string;
  width: number;
  onResize(width: number): void;
  /** Which way a drag to the right moves the width: +1 for an edge on the right, -1 for one on the left. */
  direction: 1 | -1;
  keyStep: number;
  /** Keeps the pointer and keys to the handle (a column header would sort on click). */
  isolate?: boolean;
}

export function WidthHandle({ label, className, width, onResize, direction, keyStep, isolate = false }: Props) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      tabIndex={0}
      className={className}
      onClick={isolate ? (e) => e.stopPropagation() : undefined}
      onPointerDown={(e) => {
        e.preventDefault();
        if (isolate) e.stopPropagation();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width };
      }}
      onPointerMove={(e) => {
        if (drag.current) onResize(drag.current.width + direction * (e.clientX - drag.current.x));
      }}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        if (isolate) e.stopPropagation();
        onResize(width + direction * (e.key === 'ArrowRight' ? keyStep : -keyStep));
      }}
    />
  );
}
