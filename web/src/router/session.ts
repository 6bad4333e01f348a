import type { Router } from 'vue-router';
import type { useAuthStore } from '@/stores/auth';

type AuthStore = ReturnType<typeof useAuthStore>;

/**
 * What a 401 from any call does: forget the session and go to the login page, which brings the
 * user back to the page they were on (redirect) once they have signed in again. Returns whether
 * it navigated (only the first of several parallel 401s does).
 */
export function onSessionEnded(router: Router, auth: AuthStore, notify: () => void = () => {}): boolean {
  if (!auth.session) return false;
  auth.clear();
  const current = router.currentRoute.value;
  if (current.meta.public) return false;
  notify();
  void router.replace({ name: 'login', query: { redirect: current.fullPath } });
  return true;
}
