import { memo } from 'react';
import { scalarText, type JsonTreeRow } from '../../lib/json-tree';
import { Highlight } from '../common/Highlight';
import { epochMsText } from '../../lib/format';

interface Props {
  row: JsonTreeRow;
  search: string;
  selected: boolean;
  onSelect(): void;
  onToggle(): void;
}

function summary(row: JsonTreeRow): string {
  if (row.kind === 'array') return `[${row.childCount}]`;
  return `{${row.childCount}}`;
}

export const JsonTreeItem = memo(function JsonTreeItem({ row, search, selected, onSelect, onToggle }: Props) {
  const container = row.kind === 'object' || row.kind === 'array';
  const expandable = container && row.childCount > 0;
  const date = container ? null : epochMsText(row.label, row.value);
  return (
    <div
      role="treeitem"
      aria-level={row.level + 1}
      aria-expanded={expandable ? row.expanded : undefined}
      aria-selected={selected}
      tabIndex={selected ? 0 : -1}
      data-path-key={row.pathKey}
      className={`tree-row${selected ? ' selected' : ''}`}
      style={{ paddingLeft: 6 + row.level * 14 }}
      onClick={onSelect}
      onFocus={onSelect}
    >
      <span
        className={`tree-toggle${expandable ? '' : ' hidden'}`}
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onSelect();
          onToggle();
        }}
      >
        {row.expanded ? '▾' : '▸'}
      </span>
      <span className="tree-key">
        <Highlight text={row.label} search={search} />
      </span>
      <span className="tree-colon">: </span>
      {container ? (
        <span className="tree-summary">{summary(row)}</span>
      ) : (
        <span className={`tree-value json-${row.kind}`}>
          <Highlight text={scalarText(row.value)} search={search} />
        </span>
      )}
      {date && <span className="tree-date" title={new Date(row.value as number).toISOString()}>{date}</span>}
    </div>
  );
});
