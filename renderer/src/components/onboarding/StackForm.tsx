import { useState } from 'react';
import type { CredentialsFormProps } from './provider-forms';

export function StackForm({ busy, onLink }: CredentialsFormProps) {
  const [projectId, setProjectId] = useState('');
  const [secretServerKey, setSecretServerKey] = useState('');
  const ready = projectId.trim() !== '' && secretServerKey.trim() !== '';
  return (
    <>
      <form
        className="field-stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) void onLink({ projectId: projectId.trim(), secretServerKey: secretServerKey.trim() }).then(() => setSecretServerKey(''));
        }}
      >
        <input
          className="input mono"
          placeholder="Project id (a UUID)"
          aria-label="Stack Auth project id"
          autoComplete="off"
          spellCheck={false}
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
        />
        <div className="field-row">
          <input
            type="password"
            className="input mono grow"
            placeholder="ssk_…"
            aria-label="Stack Auth secret server key"
            autoComplete="off"
            spellCheck={false}
            value={secretServerKey}
            onChange={(e) => setSecretServerKey(e.target.value)}
          />
          <button type="submit" className="button primary" disabled={busy || !ready}>
            {busy ? 'Checking…' : 'Link'}
          </button>
        </div>
      </form>
      <p className="muted small">
        Both are in the Stack Auth (Hexclave) dashboard under Project settings → API keys. The key stays on this machine
        and is only sent to Stack Auth.
      </p>
    </>
  );
}
