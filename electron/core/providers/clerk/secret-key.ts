// The Clerk secret key is checked here before it is used anywhere: a key with a line break
// inside made the SDK's Headers error quote the whole key, and a publishable key only fails
// after a round trip. Messages never contain the key.
import { ProviderAuthError } from '../provider.js';

const WHERE = 'copy it again from the Clerk dashboard (Configure → API keys)';

/** The key trimmed, or a ProviderAuthError saying in one sentence what is wrong with it. */
export function checkClerkSecretKey(raw: string): string {
  const key = raw.trim();
  if (!key) throw new ProviderAuthError('The Clerk secret key is empty: paste the secret key, sk_test_… or sk_live_….');
  if (/^pk_(test|live)_/.test(key)) {
    throw new ProviderAuthError('This is a publishable key (pk_…): paste the secret key, sk_test_… or sk_live_…, instead.');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) {
    throw new ProviderAuthError(`The Clerk secret key has a control character (a line break or tab) inside it: ${WHERE}.`);
  }
  if (/[^\x21-\x7e]/.test(key)) {
    throw new ProviderAuthError(`The Clerk secret key has a space or a character no Clerk key contains: ${WHERE}.`);
  }
  return key;
}
