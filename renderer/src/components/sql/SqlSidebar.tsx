import { useSql } from '../../stores/sql-store';
import { formatDateTime } from '../../lib/format';
import { STARTER_QUERIES } from './starter-queries';
import { SavedQueries } from './SavedQueries';

/** Saved queries (each opens in its tab), starter queries and the run history (these put their SQL in the editor). */
export function SqlSidebar({ onOpen, onOpenedSaved }: { onOpen(sql: string): void; onOpenedSaved(): void }) {
  const history = useSql((s) => s.history);
  return (
    <aside className="sql-sidebar" aria-label="Queries">
      <SavedQueries onOpened={onOpenedSaved} />
      <h3 className="sidebar-heading">Starter queries</h3>
      <ul className="query-list">
        {STARTER_QUERIES.map((q) => (
          <li key={q.title}>
            <button type="button" className="query-item" onClick={() => onOpen(q.sql)} title={q.sql}>
              {q.title}
            </button>
          </li>
        ))}
      </ul>
      <h3 className="sidebar-heading">History</h3>
      {history.length === 0 && <p className="muted pad small">Queries you run appear here.</p>}
      <ul className="query-list" aria-label="Query history">
        {history.map((entry, i) => (
          <li key={`${entry.ranAt}-${i}`}>
            <button
              type="button"
              className="query-item history"
              onClick={() => onOpen(entry.sql)}
              title={entry.sql}
              aria-label={`Open query from ${formatDateTime(entry.ranAt)}${entry.ok ? '' : ' (failed)'}: ${entry.sql.slice(0, 80)}`}
            >
              <span className={`dot ${entry.ok ? 'ok' : 'failed'}`} aria-hidden="true" />
              <span className="query-sql mono">{entry.sql}</span>
              <span className="query-time muted">{formatDateTime(entry.ranAt)}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
