import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { onSessionEnded } from '@/router/session';
import { useAuthStore } from '@/stores/auth';

const Empty = { template: '<div />' };

function makeRouter() {
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: Empty, meta: { public: true } },
      { path: '/system/users', name: 'users', component: Empty },
    ],
  });
}

describe('session expiry (a 401 from any call)', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('forgets the session and goes to the login page with the way back', async () => {
    const router = makeRouter();
    await router.push('/system/users?q=wang&page=2');
    const auth = useAuthStore();
    auth.apply({
      user: { id: 1, username: 'u', display_name: 'U', department_id: 1 },
      permissions: ['identity:user:read'],
      data_scope: 3,
      clearance: 2,
      pending: null,
      csrf_token: 't',
    });
    const notify = vi.fn();
    expect(onSessionEnded(router, auth, notify)).toBe(true);
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'));
    expect(router.currentRoute.value.query.redirect).toBe('/system/users?q=wang&page=2');
    expect(auth.session).toBeNull();
    expect(notify).toHaveBeenCalledOnce();
    // The parallel 401s that follow do nothing more.
    expect(onSessionEnded(router, auth, notify)).toBe(false);
    expect(notify).toHaveBeenCalledOnce();
  });

  it('does nothing without a session', async () => {
    const router = makeRouter();
    await router.push('/system/users');
    expect(onSessionEnded(router, useAuthStore())).toBe(false);
    expect(router.currentRoute.value.name).toBe('users');
  });
});

describe('the way back after signing in', () => {
  it('accepts same-site paths only', async () => {
    const { safeRedirect } = await import('@/router');
    expect(safeRedirect('/system/users?q=1')).toBe('/system/users?q=1');
    expect(safeRedirect(['/audit/logs'])).toBe('/audit/logs');
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil', 'system/users', '/login?redirect=/x', undefined, 3]) {
      expect(safeRedirect(bad), String(bad)).toBeNull();
    }
  });
});
