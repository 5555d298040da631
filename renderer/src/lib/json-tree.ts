// Flattens a JSON value into the visible rows of the inspector's tree, honouring which nodes are
// expanded and a search text (matches stay visible with their ancestors, which open by themselves).
import type { JsonPathSegment } from './json-path';

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface JsonTreeRow {
  /** Label: the object key, the array index, or the root's name. */
  label: string;
  path: JsonPathSegment[];
  pathKey: string;
  value: unknown;
  kind: JsonKind;
  level: number;
  childCount: number;
  expanded: boolean;
  /** The label or the scalar value contains the search text. */
  matches: boolean;
}

/** Children shown per container; the rest are summarised so huge arrays stay responsive. */
export const MAX_CHILDREN = 1000;

export function jsonKind(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

export function pathKeyOf(path: readonly JsonPathSegment[]): string {
  return JSON.stringify(path);
}

function childrenOf(value: unknown): [JsonPathSegment, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value !== null && typeof value === 'object') return Object.entries(value as Record<string, unknown>);
  return [];
}

/** How a scalar reads in the tree (strings quoted, like JSON). */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function flattenJson(
  root: unknown,
  rootLabel: string,
  expanded: ReadonlySet<string>,
  search: string,
): JsonTreeRow[] {
  const needle = search.trim().toLowerCase();
  const rows: JsonTreeRow[] = [];

  // Returns whether the subtree has a match; appends its rows when it should be shown.
  const visit = (label: string, value: unknown, path: JsonPathSegment[], level: number, out: JsonTreeRow[]): boolean => {
    const kind = jsonKind(value);
    const children = childrenOf(value);
    const pathKey = pathKeyOf(path);
    const selfMatch =
      needle !== '' &&
      (label.toLowerCase().includes(needle) ||
        ((kind !== 'object' && kind !== 'array') && scalarText(value).toLowerCase().includes(needle)));
    const row: JsonTreeRow = {
      label, path, pathKey, value, kind, level, childCount: children.length, expanded: false, matches: selfMatch,
    };
    const childRows: JsonTreeRow[] = [];
    let descendantMatch = false;
    if (children.length > 0) {
      const searching = needle !== '';
      for (const [segment, child] of children.slice(0, MAX_CHILDREN)) {
        const matched = visit(String(segment), child, [...path, segment], level + 1, childRows);
        descendantMatch ||= matched;
      }
      // While searching, open exactly the branches leading to matches; otherwise follow the user.
      row.expanded = searching ? descendantMatch : expanded.has(pathKey);
    }
    if (needle === '' || selfMatch || descendantMatch) {
      out.push(row);
      // While searching, childRows only holds the subtrees that matched.
      if (row.expanded) out.push(...childRows);
    }
    return selfMatch || descendantMatch;
  };

  visit(rootLabel, root, [], 0, rows);
  return rows;
}

/** Text put on the clipboard by "Copy value": strings raw, everything else as JSON. */
export function copyableValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? null, null, 2);
}
