// The inspector's left edge: drag (or ←/→) to change its width.
import { useInspector } from '../../stores/inspector-store';
import { WidthHandle } from '../common/WidthHandle';

export function InspectorSplitter() {
  const width = useInspector((s) => s.width);
  // The panel sits on the right: dragging left (or ←) widens it.
  return (
    <WidthHandle label="Resize inspector" className="inspector-splitter" width={width} onResize={(w) => useInspector.getState().setWidth(w)} direction={-1} keyStep={24} />
  );
}
