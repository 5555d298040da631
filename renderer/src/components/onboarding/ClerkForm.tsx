import { useState } from 'react';
import type { CredentialsFormProps } from './provider-forms';

export function ClerkForm({ busy, onLink }: CredentialsFormProps) {
  const [secretKey, setSecretKey] = useState('');
  return (
    <>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (secretKey.trim()) void onLink({ secretKey: secretKey.trim() }).then(() => setSecretKey(''));
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
        <button type="submit" className="button primary" disabled={busy || secretKey.trim() === ''}>
          {busy ? 'Linking…' : 'Link'}
        </button>
      </form>
      <p className="muted small">
        The key stays on this machine and is only sent to Clerk. Find it in the Clerk dashboard under API keys.
      </p>
    </>
  );
}
