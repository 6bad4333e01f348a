import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

// The typed API client: every path and method comes from the OpenAPI document the server
// generates (schema.d.ts), so a call to an endpoint or method the server does not offer fails the
// type check, and so the build.
//
// What every request gets here:
//  - Accept-Language: the UI language, so server messages come back in it;
//  - X-CSRF-Token on POST/PUT/PATCH/DELETE (the session cookie alone is refused for those);
//  - a 401 on any call other than the sign-in steps reports the session as ended.

export type ApiClient = Client<paths>;

export interface ClientHooks {
  /** The CSRF token of the current session (from the sign-in or /auth/me answer), if known. */
  csrfToken(): string | null | undefined;
  /** The UI language, e.g. zh-CN. */
  language(): string;
  /** Called when a request answers 401 while a session was expected. */
  onUnauthorized(path: string): void;
}

export const CSRF_COOKIE = 'anxin_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Calls whose 401 is an answer about the credentials, not a sign of an ended session. */
const NO_SESSION_EXPECTED = new Set(['/api/v1/auth/login', '/api/v1/auth/me']);

export function readCookie(name: string, cookies: string = typeof document === 'undefined' ? '' : document.cookie) {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function sessionMiddleware(hooks: ClientHooks): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set('Accept-Language', hooks.language());
      if (MUTATING.has(request.method.toUpperCase())) {
        const token = hooks.csrfToken() || readCookie(CSRF_COOKIE);
        if (token) request.headers.set(CSRF_HEADER, token);
      }
      return request;
    },
    onResponse({ request, response }) {
      if (response.status === 401) {
        const path = new URL(request.url, 'http://localhost').pathname;
        if (!NO_SESSION_EXPECTED.has(path)) hooks.onUnauthorized(path);
      }
      return undefined;
    },
  };
}

export function createApiClient(hooks: ClientHooks, fetchImpl?: typeof fetch): ApiClient {
  const client = createClient<paths>({
    baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
    credentials: 'same-origin',
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  client.use(sessionMiddleware(hooks));
  return client;
}
