// Secrets at rest in the desktop app: sealed by Electron's safeStorage (Keychain, DPAPI,
// libsecret/kwallet). On Linux without a keyring safeStorage falls back to a fixed key
// ("basic_text"); the UI says so instead of pretending the key is protected.
import { safeStorage } from 'electron';
import type { SecretStore } from '../core/app/secret-store.js';

export function safeStorageSecrets(): SecretStore {
  const available = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  let warning: string | null = null;
  if (!available) {
    warning = 'This system offers no way to encrypt secrets: the secret key is kept in memory for this run only.';
  } else if (backend === 'basic_text') {
    warning = 'No keyring (GNOME Keyring or KWallet) was found: secrets are stored obfuscated, not encrypted. Install a keyring to protect them.';
  }
  return {
    canPersist: available,
    warning,
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
