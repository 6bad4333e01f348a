import { reactive } from 'vue';
import { api, unwrap } from '@/api';
import type { Organisation } from '@/api/types';
import { useAuthStore } from '@/stores/auth';

// Names of the people incidents and the emergency organisation refer to by id (commander,
// assignees, reporters). Known names come from the organisation (leaders and group members), the
// signed-in user, and, for users who may read accounts, GET /users/{id}; others show as #id.

const names = reactive(new Map<number, string>());
const pending = new Map<number, Promise<void>>();

export function rememberNames(org: Organisation | null | undefined) {
  if (!org) return;
  for (const l of org.leaders) names.set(l.user_id, l.display_name);
  for (const g of org.groups) for (const m of g.members) names.set(m.user_id, m.display_name);
}

export function usePeople() {
  const auth = useAuthStore();

  function name(id: number | null | undefined): string {
    if (id === null || id === undefined) return '';
    if (auth.user && auth.user.id === id) return auth.user.display_name;
    return names.get(id) ?? `#${id}`;
  }

  /** Looks up the names of `ids` not known yet (when the user may read accounts). */
  async function ensure(ids: (number | null | undefined)[]) {
    if (!auth.has('identity:user:read')) return;
    const wanted = [...new Set(ids.filter((i): i is number => typeof i === 'number' && i > 0))].filter(
      (i) => !names.has(i) && !(auth.user && auth.user.id === i),
    );
    await Promise.allSettled(
      wanted.map((id) => {
        let p = pending.get(id);
        if (!p) {
          p = unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } }))
            .then((u) => {
              names.set(id, u.display_name);
            })
            .catch(() => undefined)
            .finally(() => pending.delete(id));
          pending.set(id, p);
        }
        return p;
      }),
    );
  }

  /** The organisation (when the user may read it), remembering its names. */
  async function loadOrganisation(): Promise<Organisation | null> {
    if (!auth.has('emergency:organisation:read')) return null;
    const org = await unwrap(api.GET('/api/v1/emergency/organisation'));
    rememberNames(org);
    return org;
  }

  return { name, ensure, loadOrganisation, remember: (id: number, n: string) => names.set(id, n) };
}
