import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp, defineComponent, h, nextTick, withDirectives } from 'vue';
import { permits, useAuth } from '@/composables/useAuth';
import { vPerm } from '@/directives/perm';
import { buildMenu } from '@/router/menu';
import { useAuthStore } from '@/stores/auth';

let pinia: Pinia;

function signIn(permissions: string[], clearance = 2) {
  useAuthStore(pinia).apply({
    user: { id: 1, username: 'u', display_name: 'U', department_id: 1 },
    permissions,
    data_scope: 1,
    clearance,
    pending: null,
  });
}

function mount(render: () => ReturnType<typeof h>) {
  const el = document.createElement('div');
  const app = createApp(defineComponent({ render }));
  app.use(pinia);
  app.mount(el);
  return { el, app };
}

describe('permissions', () => {
  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
  });

  it('permits: one code, any of a list, all of a list, nothing required', () => {
    const granted = new Set(['a:b:read', 'a:b:create']);
    expect(permits(granted, 'a:b:read')).toBe(true);
    expect(permits(granted, 'a:b:delete')).toBe(false);
    expect(permits(granted, ['a:b:delete', 'a:b:create'])).toBe(true);
    expect(permits(granted, ['a:b:delete', 'a:b:create'], true)).toBe(false);
    expect(permits(granted, ['a:b:read', 'a:b:create'], true)).toBe(true);
    expect(permits(granted, undefined)).toBe(true);
    expect(permits(granted, [])).toBe(true);
    expect(permits(new Set(), 'a:b:read')).toBe(false);
  });

  it('useAuth checks permissions and which personal fields may be revealed', () => {
    signIn(['identity:user:read', 'identity:user:reveal'], 3);
    let auth!: ReturnType<typeof useAuth>;
    mount(() => {
      auth = useAuth();
      return h('div');
    });
    expect(auth.hasPermission('identity:user:read')).toBe(true);
    expect(auth.hasPermission('identity:user:create')).toBe(false);
    expect(auth.hasAll(['identity:user:read', 'identity:user:reveal'])).toBe(true);
    expect(auth.canReveal('phone')).toBe(true); // class 3
    expect(auth.canReveal('id_number')).toBe(false); // class 4 needs clearance 4
    expect(auth.canReveal('email')).toBe(false);
  });

  it('v-perm hides what the user may not use and shows it once allowed', async () => {
    signIn(['identity:user:read']);
    const { el } = mount(() =>
      h('div', [
        withDirectives(h('button', { id: 'read' }, 'r'), [[vPerm, 'identity:user:read']]),
        withDirectives(h('button', { id: 'create' }, 'c'), [[vPerm, 'identity:user:create']]),
        withDirectives(h('button', { id: 'any' }, 'a'), [[vPerm, ['identity:user:create', 'identity:user:read']]]),
        withDirectives(h('button', { id: 'all' }, 'b'), [[vPerm, ['identity:user:create', 'identity:user:read'], '', { all: true }]]),
      ]),
    );
    const shown = (id: string) => (el.querySelector(`#${id}`) as HTMLElement).style.display !== 'none';
    expect(shown('read')).toBe(true);
    expect(shown('create')).toBe(false);
    expect(el.querySelector('#create')!.getAttribute('aria-hidden')).toBe('true');
    expect(shown('any')).toBe(true);
    expect(shown('all')).toBe(false);
  });

  it('the menu lists only the pages the user may open', async () => {
    const titles = (granted: string[]) =>
      buildMenu(new Set(granted)).flatMap((m) => [m.title, ...(m.children ?? []).map((c) => c.title)]);
    expect(titles(['identity:department:read'])).toEqual(['menu.dashboard', 'menu.system', 'menu.departments']);
    expect(titles(['audit:log:read', 'audit:login_log:read'])).toEqual([
      'menu.dashboard',
      'menu.audit',
      'menu.auditLogs',
      'menu.loginLogs',
    ]);
    expect(titles([])).toEqual(['menu.dashboard']);
    await nextTick();
  });
});
