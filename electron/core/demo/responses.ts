// HTTP responses of the fake Clerk API, built as plain values so faults can rewrite how they are sent.
import { randomBytes } from 'node:crypto';

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The SDK parses a body as JSON only when Content-Type is exactly this string. */
export const JSON_CONTENT_TYPE = 'application/json';

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return rawJsonResponse(status, JSON.stringify(value), headers);
}

export function rawJsonResponse(status: number, body: string, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body };
}

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

/** A `ClerkErrors` body: `{"errors":[{message,long_message,code,meta}],"clerk_trace_id":…}`. */
export function clerkError(
  status: number,
  code: string,
  message: string,
  longMessage: string,
  meta: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ApiResponse {
  return jsonResponse(
    status,
    { errors: [{ message, long_message: longMessage, code, meta }], clerk_trace_id: traceId() },
    headers,
  );
}

// Messages follow Clerk's error catalogue (clerk-docs data/api_errors.json).
export const errors = {
  keyInvalid: () =>
    clerkError(
      401,
      'clerk_key_invalid',
      'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
      'The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.',
    ),
  userNotFound: (id: string) => clerkError(404, 'resource_not_found', 'not found', `No user was found with id ${id}`),
  routeNotFound: () => clerkError(404, 'resource_not_found', 'not found', 'Resource not found'),
  paramValueInvalid: (param: string, value: string, longMessage?: string) =>
    clerkError(
      422,
      'form_param_value_invalid',
      'is invalid',
      longMessage ?? `${value} does not match one of the allowed values for parameter ${param}`,
      { param_name: param },
    ),
  invalidDate: (param: string) =>
    clerkError(
      422,
      'form_param_invalid_date',
      'is invalid',
      'Date values must be given in Unix millisecond timestamp format.',
      { param_name: param },
    ),
  tooManyRequests: (retryAfterSeconds: number) =>
    clerkError(429, 'too_many_requests', 'Too many requests', 'Too many requests, retry later', {}, {
      'Retry-After': String(retryAfterSeconds),
    }),
  internal: (status = 500) =>
    clerkError(
      status,
      'internal_clerk_error',
      'Oops, an unexpected error occurred',
      'There was an internal error on our servers. We\'ve been notified and are working on fixing it.',
      {},
      { 'cf-ray': `${traceId().slice(0, 16)}-AMS` },
    ),
};

/** What a proxy in front of the API sends when the origin is down: HTML, not JSON. */
export function badGatewayHtml(): ApiResponse {
  return {
    status: 502,
    headers: { 'Content-Type': 'text/html' },
    body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
  };
}
