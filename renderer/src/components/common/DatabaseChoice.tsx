// Embedded PGlite or a Postgres URL, with "Test connection". Used by onboarding and settings.
import { useId, useState } from 'react';
import { api } from '../../api/transport';
import { errorMessage } from '../../lib/errors';
import { splitPassword, withPassword } from '../../lib/postgres-url';
import { remotePostgresUrlProblem } from '../../../../shared/postgres-url';

export interface DatabaseSelection {
  kind: 'pglite' | 'postgres';
  /** The URL without its password, which is kept (masked) in `password`. */
  url: string;
  password?: string;
}

/** The setDatabase target for a selection: null means the embedded database. */
export function databaseTarget(selection: DatabaseSelection): string | null {
  return selection.kind === 'pglite' ? null : withPassword(selection.url.trim(), selection.password ?? '');
}

interface Props {
  value: DatabaseSelection;
  onChange(value: DatabaseSelection): void;
}

export function DatabaseChoice({ value, onChange }: Props) {
  const name = useId();
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const hasUser = /^postgres(ql)?:\/\/[^/@]+@/i.test(value.url.trim());

  const test = async () => {
    const notUrl = remotePostgresUrlProblem(value.url);
    if (notUrl) {
      setTestResult({ ok: false, message: notUrl });
      return;
    }
    setTesting(true);
    setTestResult(null);
    try {
      setTestResult(await api.testDatabase({ target: databaseTarget(value) ?? '' }));
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
              // A password typed or pasted into the URL moves to the masked field below.
              const { url, password } = splitPassword(e.target.value);
              onChange({ ...value, url, password: password ?? value.password });
            }}
          />
          <button type="button" className="button" onClick={test} disabled={testing || value.url.trim() === ''}>
            {testing ? 'Testing…' : 'Test connection'}
          </button>
        </div>
      )}
      {value.kind === 'postgres' && (
        <div className="field-row">
          <input
            type={showPassword ? 'text' : 'password'}
            className="input mono grow"
            placeholder={hasUser ? 'Password (if the server asks for one)' : 'Password: put the user in the URL first (user@host)'}
            aria-label="Postgres password"
            autoComplete="off"
            disabled={!hasUser}
            value={value.password ?? ''}
            onChange={(e) => {
              setTestResult(null);
              onChange({ ...value, password: e.target.value });
            }}
          />
          <button type="button" className="button" aria-pressed={showPassword} onClick={() => setShowPassword(!showPassword)}>
            {showPassword ? 'Hide' : 'Show'}
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
