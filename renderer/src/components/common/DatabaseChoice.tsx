// Embedded PGlite or a Postgres URL, with "Test connection". Used by onboarding and settings.
import { useId, useState } from 'react';
import { api } from '../../api/transport';
import { errorMessage } from '../../lib/errors';
import { remotePostgresUrlProblem } from '../../../../shared/postgres-url';

export interface DatabaseSelection {
  kind: 'pglite' | 'postgres';
  url: string;
}

/** The setDatabase target for a selection: null means the embedded database. */
export function databaseTarget(selection: DatabaseSelection): string | null {
  return selection.kind === 'pglite' ? null : selection.url.trim();
}

interface Props {
  value: DatabaseSelection;
  onChange(value: DatabaseSelection): void;
}

export function DatabaseChoice({ value, onChange }: Props) {
  const name = useId();
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string } | null>(null);

  const test = async () => {
    const notUrl = remotePostgresUrlProblem(value.url);
    if (notUrl) {
      setTestResult({ ok: false, message: notUrl });
      return;
    }
    setTesting(true);
    setTestResult(null);
    try {
      setTestResult(await api.testDatabase({ target: value.url.trim() }));
    } catch (error) {
      setTestResult({ ok: false, message: errorMessage(error) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <fieldset className="choice">
      <legend className="sr-only">Database</legend>
      <label className={`choice-option${value.kind === 'pglite' ? ' chosen' : ''}`}>
        <input
          type="radio"
          name={name}
          checked={value.kind === 'pglite'}
          onChange={() => onChange({ ...value, kind: 'pglite' })}
        />
        <span>
          <strong>Embedded (PGlite)</strong>
          <span className="muted block">A Postgres that lives in a local folder. Nothing to set up.</span>
        </span>
      </label>
      <label className={`choice-option${value.kind === 'postgres' ? ' chosen' : ''}`}>
        <input
          type="radio"
          name={name}
          checked={value.kind === 'postgres'}
          onChange={() => onChange({ ...value, kind: 'postgres' })}
        />
        <span>
          <strong>Remote Postgres</strong>
          <span className="muted block">Any Postgres reachable by URL.</span>
        </span>
      </label>
      {value.kind === 'postgres' && (
        <div className="field-row">
          <input
            type="text"
            className="input mono grow"
            placeholder="postgres://user:password@host:5432/database"
            aria-label="Postgres URL"
            spellCheck={false}
            autoComplete="off"
            value={value.url}
            onChange={(e) => {
              setTestResult(null);
              onChange({ ...value, url: e.target.value });
            }}
          />
          <button type="button" className="button" onClick={test} disabled={testing || value.url.trim() === ''}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      )}
      {value.kind === 'postgres' && testResult && (
        <p className={testResult.ok ? 'inline-ok' : 'inline-error'} role="status">
          {testResult.message}
        </p>
      )}
    </fieldset>
  );
}
