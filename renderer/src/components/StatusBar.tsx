import { useEffect, useState } from 'react';
import { api } from '../api/transport';
import { useApp } from '../stores/app-store';
import { toastError } from '../stores/toast-store';
import { formatCount, formatDateTime } from '../lib/format';
import { DISCONNECTED_TEXT, statusSentence } from '../lib/status-text';
import type { SyncStatus } from '../../../shared/types';

/** Re-renders every second while `active`, for the retry countdown. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

async function control(call: () => Promise<SyncStatus>) {
  try {
    useApp.getState().setStatus(await call());
  } catch (error) {
    toastError(error);
  }
}

/** Shown instead of the sync state while the core cannot be reached: that state may be long gone. */
function DisconnectedBar() {
  const [retrying, setRetrying] = useState(false);
  const [triedAt, setTriedAt] = useState<string | null>(null);
  return (
    <footer className="status-bar" role="status" aria-label="Sync status">
      <span className="state-dot state-failed" aria-hidden="true" />
      <span className="status-text trouble" data-state="disconnected">
        {DISCONNECTED_TEXT}
      </span>
      {triedAt && <span className="muted">Tried again at {formatDateTime(triedAt)}: no answer.</span>}
      <span className="toolbar-spacer" />
      <button
        type="button"
        className="button small"
        disabled={retrying}
        onClick={() => {
          setRetrying(true);
          void useApp
            .getState()
            .load()
            .finally(() => {
              setRetrying(false);
              setTriedAt(new Date().toISOString());
            });
        }}
      >
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </footer>
  );
}

export function StatusBar() {
  const status = useApp((s) => s.status);
  const connected = useApp((s) => s.connected);
  const now = useNow(status?.state === 'retrying');
  if (!connected) return <DisconnectedBar />;
  if (!status) {
    return (
      <footer className="status-bar" role="status">
        <span className="muted">Sync status loading…</span>
      </footer>
    );
  }
  const p = status.progress;
  const paused = status.state === 'paused';
  const trouble = status.state === 'retrying' || status.state === 'guard_stopped' || status.state === 'failed';
  return (
    <footer className="status-bar" role="status" aria-label="Sync status">
      <span className={`state-dot state-${status.state}`} aria-hidden="true" />
      {status.instance && (
        <span className="status-provider" title={status.latency ? `Changes arrive within ${Math.ceil(status.latency.worstCaseMs / 1000)} s: ${status.latency.basis}` : status.instance.id}>
          {status.instance.provider} · {status.instance.label}
        </span>
      )}
      <span className={`status-text${trouble ? ' trouble' : ''}`} data-state={status.state}>
        {statusSentence(status, now)}
      </span>
      {p && (
        <progress
          className="status-progress"
          aria-label="Sync progress"
          max={p.total ?? undefined}
          value={p.total === null ? undefined : p.done}
        />
      )}
      {p?.usersPerSecond ? <span className="muted">{formatCount(Math.round(p.usersPerSecond))}/s</span> : null}
      <span className="status-sep" />
      <span>Last change {status.lastChangeAt ? formatDateTime(status.lastChangeAt) : '—'}</span>
      <span>
        {formatCount(status.counts.active)} active · {formatCount(status.counts.deleted)} deleted
        {status.counts.quarantined > 0 ? ` · ${formatCount(status.counts.quarantined)} quarantined` : ''}
      </span>
      {status.rateBudget && (
        <span title={`Requests in the current ${Math.round(status.rateBudget.windowMs / 1000)} s window`}>
          Rate budget {formatCount(status.rateBudget.used)}/{formatCount(status.rateBudget.limit)}
        </span>
      )}
      <span className="toolbar-spacer" />
      {status.state === 'guard_stopped' && (
        <button
          type="button"
          className="button small danger"
          onClick={() => {
            if (window.confirm('Mark every user the provider no longer lists as deleted? Do this only if the deletions are real.')) {
              void control(() => api.syncNow({ allowMassDelete: true }));
            }
          }}
        >
          Apply deletions
        </button>
      )}
      <button type="button" className="button small" onClick={() => control(() => api.syncNow({}))} disabled={status.state === 'idle'}>
        Sync now
      </button>
      <button
        type="button"
        className="button small"
        disabled={status.state === 'idle'}
        onClick={() => control(() => (paused ? api.resumeSync({}) : api.pauseSync({})))}
      >
        {paused ? 'Resume' : 'Pause'}
      </button>
    </footer>
  );
}
