// Stack's answers → retry decisions. The error code travels in x-hexclave-known-error or
// x-stack-known-error (and in the JSON body); credentials problems name which one is wrong.
import { RequestTimeoutError, type ClassifiedFailure } from '../request-policy.js';

/** A non-2xx answer, with what the body and headers said. */
export class StackResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly detail: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`Stack Auth answered ${status}${code ? ` ${code}` : ''}: ${detail}`);
    this.name = 'StackResponseError';
  }
}

export class StackMalformedResponse extends Error {}

export async function responseError(response: Response): Promise<StackResponseError> {
  const text = await response.text().catch(() => '');
  let code = response.headers.get('x-hexclave-known-error') ?? response.headers.get('x-stack-known-error');
  let detail = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { code?: unknown; error?: unknown; message?: unknown };
    if (!code && typeof body.code === 'string') code = body.code;
    if (typeof body.error === 'string') detail = body.error;
    else if (typeof body.message === 'string') detail = body.message;
  } catch {
    // plain text (the limit guard, proxies): keep it as it came
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new StackResponseError(response.status, code, detail, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
}

export function classifyStackError(error: unknown): ClassifiedFailure {
  if (error instanceof RequestTimeoutError || error instanceof StackMalformedResponse) {
    return { kind: 'transient', message: (error as Error).message, status: null };
  }
  if (!(error instanceof StackResponseError)) {
    const cause = (error as { cause?: { code?: string } })?.cause?.code;
    return { kind: 'transient', status: null, message: `network error: ${cause ?? (error as Error)?.message ?? 'connection failed'}` };
  }
  const { status, code, detail } = error;
  if (code === 'INVALID_SECRET_SERVER_KEY' || code === 'SERVER_AUTHENTICATION_REQUIRED') {
    return { kind: 'auth', status, message: `Stack Auth rejected the secret server key (${code}): ${detail}` };
  }
  if (code === 'CURRENT_PROJECT_NOT_FOUND') {
    return { kind: 'auth', status, message: `Stack Auth knows no project with this id (${code}): ${detail}` };
  }
  if (status === 401 || status === 403) return { kind: 'auth', status, message: `Stack Auth refused the credentials: ${error.message}` };
  if (status === 429) {
    // Stack sometimes omits Retry-After: the policy's backoff decides then.
    return { kind: 'rate_limited', status, message: 'rate limited by Stack Auth (429)', retryAfterMs: error.retryAfterMs };
  }
  if (status >= 500 || status === 408) return { kind: 'transient', status, message: error.message };
  return { kind: 'fatal', status, message: error.message };
}
