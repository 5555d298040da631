// Clerk's user JSON → the users_sync columns (the contract in the README).
import type { MappedUser } from '../provider.js';

interface ClerkEmail {
  id?: unknown;
  email_address?: unknown;
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function msOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function mapClerkUser(raw: unknown): MappedUser {
  if (typeof raw !== 'object' || raw === null || typeof (raw as { id?: unknown }).id !== 'string') {
    throw new Error('Clerk returned a user without an id');
  }
  const user = raw as Record<string, unknown>;
  const names = [user.first_name, user.last_name].filter(nonEmpty);
  const name = names.length > 0 ? names.join(' ') : nonEmpty(user.username) ? user.username : null;
  const emails = Array.isArray(user.email_addresses) ? (user.email_addresses as ClerkEmail[]) : [];
  const primary = user.primary_email_address_id;
  const primaryEmail = primary == null ? undefined : emails.find((e) => e && e.id === primary);
  const email = primaryEmail && typeof primaryEmail.email_address === 'string' ? primaryEmail.email_address : null;
  return {
    id: user.id as string,
    name,
    email,
    created_at: msOrNull(user.created_at),
    updated_at: msOrNull(user.updated_at),
    raw,
  };
}
