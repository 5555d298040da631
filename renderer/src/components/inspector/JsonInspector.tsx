// Side panel showing one JSON value (a user's raw_json or a json/jsonb result cell) as a tree.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useInspector } from '../../stores/inspector-store';
import { copyableValue, flattenJson, pathKeyOf, type JsonTreeRow } from '../../lib/json-tree';
import { isJsonScalar, sqlJsonPath, valueAtPath } from '../../lib/json-path';
import { copyText } from '../../lib/clipboard';
import { toastError, toastInfo } from '../../stores/toast-store';
import { JsonTreeItem } from './JsonTreeItem';
import { InspectorSplitter } from './InspectorSplitter';

/** Root plus its direct children open, so the first look shows the top-level keys. */
function initialExpansion(): Set<string> {
  return new Set([pathKeyOf([])]);
}

export function JsonInspector() {
  const { target, loading, error, close, width } = useInspector();
  const [expanded, setExpanded] = useState(initialExpansion);
  const [search, setSearch] = useState('');
  const [selectedKey, setSelectedKey] = useState(pathKeyOf([]));
  const treeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setExpanded(initialExpansion());
    setSelectedKey(pathKeyOf([]));
  }, [target]);

  const rows = useMemo(
    () => (target && !loading ? flattenJson(target.value, target.column, expanded, search) : []),
    [target, loading, expanded, search],
  );
  const selected = rows.find((r) => r.pathKey === selectedKey) ?? rows[0];

  if (!target) return null;

  const toggle = (row: JsonTreeRow, open?: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      const shouldOpen = open ?? !next.has(row.pathKey);
      if (shouldOpen) next.add(row.pathKey);
      else next.delete(row.pathKey);
      return next;
    });
  };

  const focusRow = (key: string) => {
    setSelectedKey(key);
    requestAnimationFrame(() => {
      treeRef.current?.querySelector<HTMLElement>(`[data-path-key="${CSS.escape(key)}"]`)?.focus();
    });
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = rows.findIndex((r) => r.pathKey === selected?.pathKey);
    if (index < 0) return;
    const row = rows[index];
    const container = row.childCount > 0;
    if (event.key === 'ArrowDown' && index < rows.length - 1) focusRow(rows[index + 1].pathKey);
    else if (event.key === 'ArrowUp' && index > 0) focusRow(rows[index - 1].pathKey);
    else if (event.key === 'ArrowRight' && container && !row.expanded) toggle(row, true);
    else if (event.key === 'ArrowLeft' && container && row.expanded) toggle(row, false);
    else if (event.key === 'ArrowLeft' && row.level > 0) focusRow(pathKeyOf(row.path.slice(0, -1)));
    else if ((event.key === 'Enter' || event.key === ' ') && container) toggle(row);
    else return;
    event.preventDefault();
  };

  const copy = async (text: string, what: string) => {
    try {
      await copyText(text);
      toastInfo(`Copied ${what}`);
    } catch (e) {
      toastError(e);
    }
  };

  const selectedValue = selected ? valueAtPath(target.value, selected.path) : undefined;

  return (
    <aside className="inspector" aria-label="JSON inspector" style={{ width }}>
      <InspectorSplitter />
      <header className="panel-header">
        <h2 className="panel-title" title={target.title}>
          {target.title}
        </h2>
        <button type="button" className="icon-button" aria-label="Close inspector" onClick={close}>
          ×
        </button>
      </header>
      <div className="inspector-toolbar">
        <input
          type="search"
          className="input"
          placeholder="Filter keys and values"
          aria-label="Search JSON"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div className="inspector-actions">
        <button
          type="button"
          className="button small"
          disabled={!selected}
          onClick={() => copy(copyableValue(selectedValue), 'value')}
        >
          Copy value
        </button>
        <button type="button" className="button small" onClick={() => copy(JSON.stringify(target.value, null, 2), 'JSON')}>
          Copy JSON
        </button>
        <button
          type="button"
          className="button small"
          disabled={!selected}
          onClick={() =>
            selected && copy(sqlJsonPath(target.column, selected.path, isJsonScalar(selectedValue)), 'SQL path')
          }
        >
          Copy as SQL path
        </button>
      </div>
      {selected && (
        <div className="inspector-path mono" aria-label="SQL path of the selected node">
          {sqlJsonPath(target.column, selected.path, isJsonScalar(selectedValue))}
        </div>
      )}
      {loading && <p className="muted pad">Loading…</p>}
      {error && (
        <p className="inline-error pad" role="alert">
          {error}
        </p>
      )}
      {!loading && !error && (
        <div className="json-tree mono" role="tree" aria-label={`${target.column} tree`} ref={treeRef} onKeyDown={onKeyDown}>
          {rows.length === 0 && <p className="muted pad">No key or value matches “{search}”.</p>}
          {rows.map((row) => (
            <JsonTreeItem
              key={row.pathKey}
              row={row}
              search={search}
              selected={row.pathKey === selected?.pathKey}
              onSelect={() => setSelectedKey(row.pathKey)}
              onToggle={() => toggle(row)}
            />
          ))}
        </div>
      )}
    </aside>
  );
}
