import { useEffect, useState } from 'react';
import { useSql, useTabRun } from '../../stores/sql-store';
import type { SqlResultSet } from '../../../../shared/types';
import { formatCount, formatDuration } from '../../lib/format';
import type { ExportProgress } from '../../lib/download';
import { ResultGrid } from './ResultGrid';

/** Commands whose tag carries a row count ("INSERT 0 5"); other statements without rows show their tag alone ("CREATE TABLE"). */
const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'SELECT', 'MOVE', 'FETCH', 'CREATE TABLE AS']);

const rowsText = (n: number) => `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;

function summary(set: SqlResultSet): string {
  const duration = formatDuration(set.durationMs);
  if (set.columns.length === 0) {
    const tag = set.command ?? 'OK';
    return COUNTED.has(tag) ? `${tag} · ${rowsText(set.rowCount)} affected · ${duration}` : `${tag} · ${duration}`;
  }
  if (set.truncated) return `showing first ${formatCount(set.rows.length)} of ${rowsText(set.rowCount)} · ${duration}`;
  return `${rowsText(set.rowCount)} · ${duration}`;
}

function progressText(progress: ExportProgress | null): string {
  return progress ? `Exporting… ${rowsText(progress.rows)}` : 'Exporting…';
}

/** Seconds since the statement started, updated while it runs. */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return <span className="muted">Running… {((now - since) / 1000).toFixed(1)} s</span>;
}

/** The results of one query tab: its last outcome, or its statement running. */
export function ResultsPanel({ tabId }: { tabId: string | null }) {
  const { result, requestError, runningId, startedAt, loadingMore, exporting } = useTabRun(tabId);
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [result?.results.length, result?.error, result?.cancelled]);

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
        {runningId && startedAt !== null ? (
          <span role="status" aria-label="Query running">
            <Elapsed since={startedAt} />
          </span>
        ) : (
          'Run a query to see results here.'
        )}
      </div>
    );
  }
  const sets = result.results;
  const index = Math.min(active, sets.length - 1);
  const current = sets[index];
  const store = useSql.getState();
  const tab = tabId ?? '';

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
                    aria-selected={i === index}
                    className={i === index ? 'active' : ''}
                    onClick={() => setActive(i)}
                  >
                    {i + 1}. {set.command ?? 'Result'}
                  </button>
                ))}
              </div>
            )}
            <span className="result-summary">{summary(current)}</span>
            {current.truncated && current.rereadable && (
              <button type="button" className="button small" disabled={loadingMore !== null} onClick={() => void store.loadMore(tab, index)}>
                {loadingMore === index ? 'Loading…' : 'Load more'}
              </button>
            )}
            <span className="toolbar-spacer" />
            {current.columns.length > 0 && exporting && (
              <>
                <span className="muted" role="status" aria-label="Export progress">
                  {progressText(exporting.progress)}
                </span>
                <button type="button" className="button small" onClick={() => store.cancelExport(tab)}>
                  Cancel export
                </button>
              </>
            )}
            {current.columns.length > 0 && !exporting && (
              <>
                {(['csv', 'json'] as const).map((format) => (
                  <button
                    key={format}
                    type="button"
                    className="button small"
                    disabled={!current.rereadable}
                    title={current.rereadable ? `Every row (${formatCount(current.rowCount)}), read again from the database` : 'Export reads a SELECT again from the database; this statement cannot be re-read.'}
                    onClick={() => void store.startExport(tab, index, format)}
                  >
                    Export {format.toUpperCase()}
                  </button>
                ))}
              </>
            )}
          </div>
          {current.columns.length > 0 && <ResultGrid key={index} set={current} />}
        </>
      )}
    </div>
  );
}
