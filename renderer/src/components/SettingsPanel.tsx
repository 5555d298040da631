import { useEffect, useState } from 'react';
import { api } from '../api/transport';
import { useApp } from '../stores/app-store';
import { toastError, toastInfo } from '../stores/toast-store';
import type { AppSettings, AppState } from '../../../shared/types';
import { ConfirmDialog } from './common/ConfirmDialog';
import { DatabaseChoice, databaseTarget, type DatabaseSelection } from './common/DatabaseChoice';

async function apply(call: () => Promise<AppState>, done?: string) {
  try {
    useApp.getState().setAppState(await call());
    if (done) toastInfo(done);
  } catch (error) {
    toastError(error);
  }
}

function updateSettings(patch: Partial<AppSettings>) {
  return apply(() => api.updateSettings(patch), 'Settings saved');
}

export function SettingsPanel({ appState }: { appState: AppState }) {
  const { settings, provider, database } = appState;
  const [db, setDb] = useState<DatabaseSelection>({ kind: database?.kind ?? 'pglite', url: '' });
  const [maxRows, setMaxRows] = useState(String(settings.maxResultRows));
  const [confirm, setConfirm] = useState<null | 'unlink' | 'switch'>(null);

  useEffect(() => setMaxRows(String(settings.maxResultRows)), [settings.maxResultRows]);

  const maxRowsValue = Number(maxRows);
  const maxRowsValid = Number.isInteger(maxRowsValue) && maxRowsValue >= 1 && maxRowsValue <= 1_000_000;
  const canSwitch = db.kind === 'pglite' ? database?.kind !== 'pglite' : db.url.trim() !== '';

  return (
    <section className="settings" aria-label="Settings">
      <div className="settings-group">
        <h2>Provider</h2>
        <p>
          {provider.demo ? (
            <>{provider.label} demo data (a local server, no real account).</>
          ) : provider.linked ? (
            <>
              Linked to {provider.label}
              {provider.instance && (
                <>
                  {' '}<strong>{provider.instance.label}</strong>
                  {provider.instance.environment && <> ({provider.instance.environment})</>}
                </>
              )}{' '}
              with <span className="mono">{provider.maskedKey}</span>.
            </>
          ) : (
            <>Not linked.</>
          )}
        </p>
        <button type="button" className="button danger" onClick={() => setConfirm('unlink')}>
          Unlink
        </button>
      </div>

      <div className="settings-group">
        <h2>Database</h2>
        {database && (
          <p>
            Using {database.kind === 'pglite' ? 'Embedded (PGlite)' : 'Remote Postgres'}:{' '}
            <span className="mono">{database.label}</span>
          </p>
        )}
        <DatabaseChoice value={db} onChange={setDb} />
        <button type="button" className="button" disabled={!canSwitch} onClick={() => setConfirm('switch')}>
          Switch database
        </button>
      </div>

      <div className="settings-group">
        <h2>Sync</h2>
        <label className="setting-row">
          <span>When a user is deleted at the provider</span>
          <select
            className="input"
            aria-label="Deletion mode"
            value={settings.deletionMode}
            onChange={(e) => void updateSettings({ deletionMode: e.target.value as AppSettings['deletionMode'] })}
          >
            <option value="soft">Soft delete (keep the row, set deleted_at)</option>
            <option value="hard">Hard delete (remove the row)</option>
          </select>
        </label>
      </div>

      <div className="settings-group">
        <h2>SQL console</h2>
        <label className="setting-row">
          <input
            type="checkbox"
            checked={settings.safeMode}
            onChange={(e) => void updateSettings({ safeMode: e.target.checked })}
          />
          <span>Safe mode: run console statements read-only</span>
        </label>
        <form
          className="setting-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (maxRowsValid) void updateSettings({ maxResultRows: maxRowsValue });
          }}
        >
          <label htmlFor="max-rows">Max result rows</label>
          <input
            id="max-rows"
            type="number"
            min={1}
            max={1_000_000}
            className="input narrow"
            value={maxRows}
            onChange={(e) => setMaxRows(e.target.value)}
          />
          <button type="submit" className="button small" disabled={!maxRowsValid || maxRowsValue === settings.maxResultRows}>
            Save
          </button>
          {!maxRowsValid && <span className="inline-error">Between 1 and 1,000,000.</span>}
        </form>
      </div>

      {appState.secretStorageWarning && <p className="warning">{appState.secretStorageWarning}</p>}

      {confirm === 'unlink' && (
        <ConfirmDialog
          title={`Unlink ${provider.label ?? 'the provider'}?`}
          message="Syncing stops and the stored secret key is forgotten. The users_sync table stays in your database."
          confirmLabel="Unlink"
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void apply(() => api.unlinkProvider({}), `${provider.label ?? 'Provider'} unlinked`);
          }}
        />
      )}
      {confirm === 'switch' && (
        <ConfirmDialog
          title="Switch database?"
          message={`Sync restarts against the new database and backfills it from ${provider.label ?? 'the provider'}.`}
          confirmLabel="Switch"
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void apply(() => api.setDatabase({ target: databaseTarget(db) }), 'Database switched');
          }}
        />
      )}
    </section>
  );
}
