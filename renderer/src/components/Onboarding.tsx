import { useState } from 'react';
import { api } from '../api/transport';
import { useApp } from '../stores/app-store';
import { errorMessage } from '../lib/errors';
import { DatabaseChoice, databaseTarget, type DatabaseSelection } from './common/DatabaseChoice';
import type { AppState } from '../../../shared/types';

export function Onboarding({ appState }: { appState: AppState }) {
  const [database, setDatabase] = useState<DatabaseSelection>({
    kind: appState.database?.kind ?? 'pglite',
    url: '',
  });
  const [secretKey, setSecretKey] = useState('');
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

  const finish = async (kind: 'link' | 'demo') => {
    setBusy(kind);
    setError(null);
    try {
      await applyDatabase();
      const state = kind === 'link' ? await api.linkProvider({ kind: 'clerk', fields: { secretKey: secretKey.trim() } }) : await api.startDemo({ kind: 'clerk' });
      setSecretKey('');
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
        <p className="muted">Keep <code>seren_auth.users_sync</code> in your database equal to your Clerk users.</p>
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
          <h2 id="step-clerk">2. Link Clerk</h2>
          <form
            className="field-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (secretKey.trim()) void finish('link');
            }}
          >
            <input
              type="password"
              className="input mono grow"
              placeholder="sk_test_… or sk_live_…"
              aria-label="Clerk secret key"
              autoComplete="off"
              spellCheck={false}
              value={secretKey}
              onChange={(e) => setSecretKey(e.target.value)}
            />
            <button type="submit" className="button primary" disabled={busy !== null || secretKey.trim() === ''}>
              {busy === 'link' ? 'Linking…' : 'Link'}
            </button>
          </form>
          <p className="muted small">
            The key stays on this machine and is only sent to Clerk. Find it in the Clerk dashboard under API keys.
          </p>
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
