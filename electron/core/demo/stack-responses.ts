// Error answers of the Stack-compatible server, as Stack's KnownError sends them: a JSON body
// {code, error, details?} and the code in a known-error header (x-stack-known-error; the
// Hexclave rename may send x-hexclave-known-error instead).
import { jsonResponse, type ApiResponse } from './responses.js';

export type KnownErrorHeader = 'stack' | 'hexclave' | 'both';

export function stackErrors(header: KnownErrorHeader) {
  const known = (status: number, code: string, error: string, details?: Record<string, unknown>): ApiResponse => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
    if (header !== 'hexclave') headers['x-stack-known-error'] = code;
    if (header !== 'stack') headers['x-hexclave-known-error'] = code;
    return { ...jsonResponse(status, details ? { code, details, error } : { code, error }), headers };
  };
  return {
    projectKeyWithoutAccessType: () =>
      known(400, 'PROJECT_KEY_WITHOUT_ACCESS_TYPE', 'Either an API key or an admin access token was provided, but the x-stack-access-type header is missing. Set it to \'client\', \'server\', or \'admin\' as appropriate.'),
    invalidAccessType: (accessType: string) =>
      known(400, 'INVALID_ACCESS_TYPE', `The x-stack-access-type header must be 'client', 'server', or 'admin', but was '${accessType}'.`, { accessType }),
    accessTypeWithoutProjectId: (requestType: string) =>
      known(400, 'ACCESS_TYPE_WITHOUT_PROJECT_ID', `The x-stack-access-type header was '${requestType}', but the x-stack-project-id header was not provided.`, { request_type: requestType }),
    accessTypeRequired: () =>
      known(400, 'ACCESS_TYPE_REQUIRED', 'You must specify an access level for this Stack project. Make sure project API keys are provided (eg. x-hexclave-publishable-client-key) and you set the x-hexclave-access-type header to \'client\', \'server\', or \'admin\'. (The legacy x-stack-* equivalents are also accepted.)'),
    projectNotFound: (projectId: string) =>
      known(400, 'CURRENT_PROJECT_NOT_FOUND', `The current project with ID ${projectId} was not found. Please check the value of the x-stack-project-id header.`, { project_id: projectId }),
    serverAuthenticationRequired: () =>
      known(401, 'SERVER_AUTHENTICATION_REQUIRED', 'The secret server key must be provided.'),
    invalidSecretServerKey: (projectId: string) =>
      known(401, 'INVALID_SECRET_SERVER_KEY', `The secret server key is not valid for the project "${projectId}". Does the project and/or the key exist?`, { project_id: projectId }),
    insufficientAccessType: (actual: string) =>
      known(401, 'INSUFFICIENT_ACCESS_TYPE', `The x-hexclave-access-type header must be 'server' or 'admin', but was '${actual}'. (The legacy x-stack-access-type header is also accepted.)`, { actual_access_type: actual, allowed_access_types: ['server', 'admin'] }),
    schemaError: (message: string) => known(400, 'SCHEMA_ERROR', `Request validation failed on GET /api/v1/users:\n  - ${message}`, { message }),
    userNotFound: () => known(404, 'USER_NOT_FOUND', 'User not found.'),
    routeNotFound: (path: string) => plainText(404, `404 — this page does not exist: ${path}`),
    /** Not a KnownError: plain text, no header (the hexclave limit guard). */
    limitRequired: () => plainText(400, 'Listing more than 1000 users requires a limit. Pass limit and paginate using cursor.'),
    /** The dev limiter's answer; Retry-After only when given (Stack sends it half the time). */
    tooManyRequests: (retryAfterSeconds: number | null): ApiResponse => ({
      status: 429,
      headers: { 'Content-Type': 'application/json', ...(retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) }) },
      body: JSON.stringify({ message: 'Artificial development rate limit triggered. This is a development-only feature to simulate rate limiting.' }),
    }),
    internal: (status = 500): ApiResponse => plainText(status, 'Internal Server Error'),
  };
}

export type StackErrors = ReturnType<typeof stackErrors>;

function plainText(status: number, body: string): ApiResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}
