// The draggable right edge of a column header (also resizable from the keyboard: ←/→).
import { WidthHandle } from '../common/WidthHandle';

interface Props {
  label: string;
  width: number;
  onResize(width: number): void;
}

export function ColumnResizer({ label, width, onResize }: Props) {
  return (
    <WidthHandle label={`Resize ${label} column`} className="col-resizer" width={width} onResize={onResize} direction={1} keyStep={16} isolate />
  );
}
