import { currentLocale } from '@/locales';
import { createApiClient } from './client';

export { ApiError, unwrap } from './errors';

let csrfToken: string | null = null;
let unauthorizedHandler: (path: string) => void = () => {};

/** The application's API client (see client.ts for what it adds to every request). */
export const api = createApiClient({
  csrfToken: () => csrfToken,
  language: () => currentLocale(),
  onUnauthorized: (path) => unauthorizedHandler(path),
});

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

export function setUnauthorizedHandler(handler: (path: string) => void) {
  unauthorizedHandler = handler;
}
