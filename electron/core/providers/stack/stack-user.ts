// Stack's server user object → the users_sync columns. Stack keeps no update time: updated_at
// stays null here and the store records when the sync saw the user change.
import type { MappedUser } from '../provider.js';

const textOrNull = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function mapStackUser(raw: unknown): MappedUser {
  if (typeof raw !== 'object' || raw === null || typeof (raw as { id?: unknown }).id !== 'string') {
    throw new Error('Stack Auth returned a user without an id');
  }
  const user = raw as Record<string, unknown>;
  const signedUp = user.signed_up_at_millis;
  return {
    id: user.id as string,
    name: textOrNull(user.display_name),
    email: textOrNull(user.primary_email),
    created_at: typeof signedUp === 'number' && Number.isFinite(signedUp) ? signedUp : null,
    updated_at: null,
    raw,
  };
}
