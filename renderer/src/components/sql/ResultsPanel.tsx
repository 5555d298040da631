import { useEffect, useState } from 'react';
import { useSql } from '../../stores/sql-store';
import type { SqlResultSet } from '../../../../shared/types';
import { formatCount, formatDuration } from '../../lib/format';
import { downloadText, toCsv, toJsonRecords } from '../../lib/download';
import { ResultGrid } from './ResultGrid';

function summary(set: SqlResultSet): string {
  const duration = formatDuration(set.durationMs);
  if (set.columns.length === 0) {
    return `${set.command ?? 'OK'} · ${formatCount(set.rowCount)} ${set.rowCount === 1 ? 'row' : 'rows'} affected · ${duration}`;
  }
  if (set.truncated) return `showing first ${formatCount(set.rows.length)} of ${formatCount(set.rowCount)} rows · ${duration}`;
  return `${formatCount(set.rowCount)} ${set.rowCount === 1 ? 'row' : 'rows'} · ${duration}`;
}

export function ResultsPanel() {
  const { result, requestError, runningId } = useSql();
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [result]);

  if (requestError) {
    return (
      <div className="results" aria-label="Query results">
        <div className="sql-error" role="alert">
          <strong>Could not run the query.</strong> {requestError}
        </div>
      </div>
    );
  }
  if (!result) {
    return (
      <div className="results empty muted" aria-label="Query results">
        {runningId ? 'Running…' : 'Run a query to see results here.'}
      </div>
    );
  }
  const sets = result.results;
  const current = sets[Math.min(active, sets.length - 1)];
  const exportAs = (kind: 'csv' | 'json') => {
    if (!current) return;
    const name = `result-${new Date().toISOString().replace(/[:.]/g, '-')}.${kind}`;
    if (kind === 'csv') downloadText(name, toCsv(current.columns, current.rows), 'text/csv');
    else downloadText(name, toJsonRecords(current.columns, current.rows), 'application/json');
  };

  return (
    <div className="results" aria-label="Query results">
      {result.cancelled && (
        <div className="notice" role="status">
          Query cancelled
        </div>
      )}
      {result.error && (
        <div className="sql-error" role="alert">
          <div>
            <strong>ERROR{result.error.code ? ` ${result.error.code}` : ''}:</strong> {result.error.message}
          </div>
          {result.error.detail && <div>DETAIL: {result.error.detail}</div>}
          {result.error.hint && <div>HINT: {result.error.hint}</div>}
          {sets.length > 0 || result.error.statementIndex > 0 ? (
            <div className="muted">in statement {result.error.statementIndex + 1}</div>
          ) : null}
        </div>
      )}
      {sets.length > 0 && current && (
        <>
          <div className="results-bar">
            {sets.length > 1 && (
              <div className="result-tabs" role="tablist" aria-label="Result sets">
                {sets.map((set, i) => (
                  <button
                    key={i}
                    type="button"
                    role="tab"
                    aria-selected={i === active}
                    className={i === active ? 'active' : ''}
                    onClick={() => setActive(i)}
                  >
                    {i + 1}. {set.command ?? 'Result'}
                  </button>
                ))}
              </div>
            )}
            <span className="result-summary">{summary(current)}</span>
            <span className="toolbar-spacer" />
            {current.columns.length > 0 && (
              <>
                <button type="button" className="button small" onClick={() => exportAs('csv')}>
                  Export CSV
                </button>
                <button type="button" className="button small" onClick={() => exportAs('json')}>
                  Export JSON
                </button>
              </>
            )}
          </div>
          {current.columns.length > 0 && <ResultGrid key={active} set={current} />}
        </>
      )}
    </div>
  );
}
