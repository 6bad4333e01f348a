import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, setCsrfToken, unwrap } from '@/api';
import { readSession, type Pending, type Session } from '@/api/decode';
import { CSRF_COOKIE, readCookie } from '@/api/client';
import { ApiError } from '@/api/errors';

/** The signed-in user, what they may do, and any sign-in step still due. */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(null);
  /** True once the session state is known (after the first /auth/me). */
  const checked = ref(false);

  const user = computed(() => session.value?.user ?? null);
  const pending = computed<Pending>(() => session.value?.pending ?? null);
  const signedIn = computed(() => session.value !== null && session.value.pending === null);
  const permissions = computed(() => new Set(session.value?.permissions ?? []));
  const clearance = computed(() => session.value?.clearance ?? 0);

  function apply(s: Session) {
    session.value = { ...s, pending: s.pending ?? null };
    if (s.csrf_token) setCsrfToken(s.csrf_token);
    checked.value = true;
  }

  function clear() {
    session.value = null;
    setCsrfToken(null);
    checked.value = true;
  }

  function has(permission: string) {
    return permissions.value.has(permission);
  }

  /** Loads the session from the server; null when there is none (401). */
  async function refresh(): Promise<Session | null> {
    try {
      const s = readSession(await unwrap(api.GET('/api/v1/auth/me')));
      apply(s);
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        clear();
        return null;
      }
      throw e;
    }
  }

  async function ensureChecked() {
    if (checked.value) return;
    // A session always comes with its readable CSRF cookie; without one there is nothing to ask.
    if (!readCookie(CSRF_COOKIE)) {
      clear();
      return;
    }
    await refresh().catch(() => clear());
  }

  async function login(username: string, password: string): Promise<Session> {
    const s = readSession(await unwrap(api.POST('/api/v1/auth/login', { body: { username, password } })));
    apply(s);
    return s;
  }

  async function verifyTotp(code: string): Promise<Session> {
    const s = readSession(await unwrap(api.POST('/api/v1/auth/totp', { body: { code } })));
    apply(s);
    return s;
  }

  async function changePassword(current: string, next: string): Promise<Session | null> {
    await unwrap(api.POST('/api/v1/auth/password', { body: { current_password: current, new_password: next } }));
    return refresh();
  }

  async function logout() {
    try {
      await unwrap(api.POST('/api/v1/auth/logout'));
    } catch {
      // the session may already be gone; signing out locally is what matters
    } finally {
      clear();
    }
  }

  return {
    session,
    checked,
    user,
    pending,
    signedIn,
    permissions,
    clearance,
    apply,
    clear,
    has,
    refresh,
    ensureChecked,
    login,
    verifyTotp,
    changePassword,
    logout,
  };
});
