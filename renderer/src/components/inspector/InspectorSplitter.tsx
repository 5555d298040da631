// The inspector's left edge: drag (or ←/→) to change its width.
import { useRef } from 'react';
import { useInspector } from '../../stores/inspector-store';

const KEY_STEP = 24;

export function InspectorSplitter() {
  const width = useInspector((s) => s.width);
  const drag = useRef<{ x: number; width: number } | null>(null);
  const setWidth = (w: number) => useInspector.getState().setWidth(w);
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize inspector"
      aria-valuenow={width}
      tabIndex={0}
      className="inspector-splitter"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x: e.clientX, width };
      }}
      // The panel sits on the right: dragging left widens it.
      onPointerMove={(e) => drag.current && setWidth(drag.current.width - (e.clientX - drag.current.x))}
      onPointerUp={(e) => {
        drag.current = null;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        e.preventDefault();
        setWidth(width + (e.key === 'ArrowLeft' ? KEY_STEP : -KEY_STEP));
      }}
    />
  );
}
