// GET /v1/users, one page, keeping the body's bytes. The SDK's request() parses the body and
// builds a User object per user, which we would throw away for `.raw`; then the page would be
// serialised again for the database. Measured on 100,000 users that was a fifth of the engine's
// CPU: here the body's bytes are kept, so the database reads the users exactly as Clerk sent them.
// Everything else (instance, counts) still goes through the SDK; this sends the same headers and
// fails with the fields classifyClerkError reads from the SDK's errors (status, errors, retryAfter).
import { getPage, type PageResponse } from '../page-body.js';

/** As @clerk/backend 3.25 sends them (its constants API_VERSION, SUPPORTED_BAPI_VERSION). */
const API_VERSION_PATH = 'v1';
const CLERK_API_VERSION = '2026-05-12';
const USER_AGENT = 'seren-auth (@clerk/backend 3.25 compatible)';

export interface UsersPage {
  /** The response body (UTF-8): a JSON array whose element i is users[i] (read by page-body.ts). */
  body: Buffer;
  users: unknown[];
}

/** A failed request, shaped as the SDK's ClerkAPIResponseError for classifyClerkError. */
class ClerkRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly errors: { code?: string; message?: string; longMessage?: string }[],
    readonly retryAfter: number | undefined,
  ) {
    super(message);
    this.name = 'ClerkRequestError';
  }
}

export class MalformedResponseError extends Error {}

/** `query` in the SDK's camelCase (startingAfter, createdAtAfter…); undefined values are left out. */
export async function requestUsersPage(apiUrl: string, secretKey: string, query: Record<string, unknown>, signal: AbortSignal): Promise<UsersPage> {
  const url = new URL(`${apiUrl.replace(/\/+$/, '')}/${API_VERSION_PATH}/users`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) url.searchParams.set(key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), String(value));
  }
  let response: PageResponse;
  try {
    response = await getPage(url, { Authorization: `Bearer ${secretKey}`, 'Clerk-API-Version': CLERK_API_VERSION, 'User-Agent': USER_AGENT }, signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    // As the SDK reports a reset or a refused connection: no status, the cause's message.
    const message = (error as Error)?.message || 'connection failed';
    throw new ClerkRequestError(message, undefined, [{ code: 'unexpected_error', message }], undefined);
  }
  const { body } = response;
  if (response.status < 200 || response.status > 299) throw failure(response, body.toString('utf8'));
  let users: unknown;
  try {
    users = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedResponseError('the users page was not JSON');
  }
  if (!Array.isArray(users)) throw new MalformedResponseError('the users page was not a JSON array');
  return { body, users };
}

function failure(response: PageResponse, text: string): ClerkRequestError {
  let body: { errors?: { code?: unknown; message?: unknown; long_message?: unknown }[] } | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML error page: the status says enough
  }
  const errors = Array.isArray(body?.errors)
    ? body.errors.map((e) => ({ code: str(e?.code), message: str(e?.message), longMessage: str(e?.long_message) }))
    : [];
  const retryAfter = Number.parseInt(response.header('Retry-After') ?? '', 10);
  return new ClerkRequestError(response.statusText || `HTTP ${response.status}`, response.status, errors, Number.isNaN(retryAfter) ? undefined : retryAfter);
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
