// Clerk's documented Backend API limits: requests per instance per window.
export const CLERK_RATE_LIMITS = { development: 100, production: 1000 } as const;
export const CLERK_RATE_WINDOW_MS = 10_000;
