import { useState } from 'react';
import { api } from '../api/transport';
import { useApp } from '../stores/app-store';
import { errorMessage } from '../lib/errors';
import { DatabaseChoice, databaseTarget, type DatabaseSelection } from './common/DatabaseChoice';
import type { AppState } from '../../../shared/types';
import { PROVIDER_FORMS } from './onboarding/provider-forms';

export function Onboarding({ appState }: { appState: AppState }) {
  const [database, setDatabase] = useState<DatabaseSelection>({
    kind: appState.database?.kind ?? 'pglite',
    url: '',
  });
  const [providerKind, setProviderKind] = useState(appState.provider.kind ?? PROVIDER_FORMS[0].kind);
  const provider = PROVIDER_FORMS.find((p) => p.kind === providerKind) ?? PROVIDER_FORMS[0];
  const [busy, setBusy] = useState<null | 'link' | 'demo'>(null);
  const [error, setError] = useState<string | null>(null);

  /** Applies the database choice first when it differs from what the core already uses. */
  const applyDatabase = async () => {
    const current = appState.database?.kind ?? null;
    if (database.kind === 'pglite' && current !== 'pglite') {
      useApp.getState().setAppState(await api.setDatabase({ target: null }));
    } else if (database.kind === 'postgres' && database.url.trim() !== '') {
      useApp.getState().setAppState(await api.setDatabase({ target: databaseTarget(database) }));
    } else if (database.kind === 'postgres' && current !== 'postgres') {
      throw new Error('Enter the Postgres URL, or choose the embedded database.');
    }
  };

  const finish = async (kind: 'link' | 'demo', fields: Record<string, string> = {}) => {
    setBusy(kind);
    setError(null);
    try {
      await applyDatabase();
      const state = kind === 'link'
        ? await api.linkProvider({ kind: provider.kind, fields })
        : await api.startDemo({ kind: provider.kind });
      useApp.getState().setAppState(state);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <main className="onboarding">
      <div className="onboarding-card">
        <h1>SerenDB Auth</h1>
        <p className="muted">Keep <code>seren_auth.users_sync</code> in your database equal to your Clerk or Stack Auth users.</p>
        {appState.startupProblem && (
          <p className="warning" role="alert">
            {appState.startupProblem}
          </p>
        )}
        {appState.secretStorageWarning && (
          <p className="warning" role="alert">
            {appState.secretStorageWarning}
          </p>
        )}
        <section aria-labelledby="step-db">
          <h2 id="step-db">1. Choose a database</h2>
          {appState.database && (
            <p className="muted small">
              Currently: {appState.database.kind === 'pglite' ? 'Embedded (PGlite)' : 'Remote Postgres'} —{' '}
              <span className="mono">{appState.database.label}</span>
            </p>
          )}
          <DatabaseChoice value={database} onChange={setDatabase} />
        </section>
        <section aria-labelledby="step-clerk">
          <h2 id="step-clerk">2. Link your auth provider</h2>
          <div className="provider-choice" role="radiogroup" aria-label="Auth provider">
            {PROVIDER_FORMS.map((p) => (
              <label key={p.kind} className="radio">
                <input
                  type="radio"
                  name="provider"
                  value={p.kind}
                  checked={p.kind === provider.kind}
                  disabled={busy !== null}
                  onChange={() => setProviderKind(p.kind)}
                />
                {p.label}
              </label>
            ))}
          </div>
          <provider.Form key={provider.kind} busy={busy === 'link'} onLink={(fields) => finish('link', fields)} />
          <div className="or">or</div>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void finish('demo')}>
            {busy === 'demo' ? 'Starting demo…' : 'Try with demo data'}
          </button>
          {appState.provider.linked && appState.provider.instance && (
            <p className="inline-ok" role="status">
              Linked to {appState.provider.label} {appState.provider.instance.label}.
            </p>
          )}
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
        </section>
      </div>
    </main>
  );
}
