// Where secrets (provider keys, a database URL with a password) go at rest. The Electron
// shell supplies one backed by safeStorage; the serve mode keeps them in memory only.

export interface SecretStore {
  /** False when secrets must not be written to disk (they live for this run only). */
  readonly canPersist: boolean;
  /** Said in the UI when secrets cannot be protected well here (e.g. Linux without a keyring). */
  readonly warning: string | null;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export function memoryOnlySecrets(warning: string | null): SecretStore {
  return {
    canPersist: false,
    warning,
    encrypt: () => {
      throw new Error('secrets are not persisted in this mode');
    },
    decrypt: () => {
      throw new Error('secrets are not persisted in this mode');
    },
  };
}

/**
 * sk_test_abcdefghijkl1234 → sk_test_…1234: enough to recognise a key, useless to steal. A
 * short key shows no characters at all.
 */
export function maskSecretKey(key: string): string {
  const prefix = /^(sk|pk)_(test|live)_|^ssk_|^pck_/.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  return rest.length >= 12 ? `${prefix}…${rest.slice(-4)}` : `${prefix}…`;
}
