import { createRouter, createWebHistory } from 'vue-router';
import { useAuthStore } from '@/stores/auth';
import { routes } from './routes';

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

/** A same-site path to return to after signing in, or null (no open redirects). */
export function safeRedirect(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null;
  if (v.startsWith('/login')) return null;
  return v;
}

router.beforeEach(async (to) => {
  // A visitor's page (the 安心码) calls nothing but its public endpoint, signed in or not.
  if (to.meta.public && to.meta.anonymous) return true;
  const auth = useAuthStore();
  await auth.ensureChecked();
  if (to.meta.public) {
    if (to.name === 'login' && auth.signedIn) return safeRedirect(to.query.redirect) ?? '/';
    return true;
  }
  // No session, or a sign-in step still due: the login page takes over and comes back here.
  if (!auth.signedIn) return { name: 'login', query: { redirect: to.fullPath } };
  // A page the user may not open still resolves: the layout shows the 403 page in its place.
  return true;
});
