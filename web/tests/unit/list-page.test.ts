import { ElFormItem, ElInput } from 'element-plus';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, type App } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import ListPage from '@/components/ListPage.vue';
import { useListPage, type Page } from '@/composables/useListPage';
import { vPerm } from '@/directives/perm';
import { i18n } from '@/locales';
import { useAuthStore } from '@/stores/auth';

// A list page built from useListPage and ListPage: the filters and the page live in the URL, the
// filter bar's Search writes them there, and every change of the URL loads the list again.

let app: App | null = null;
let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
});

async function settle() {
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await nextTick();
  }
}

type Fetch = (filters: Partial<Record<'q' | 'status', string>>, paging: { page: number; page_size: number }) => Promise<Page>;

let list!: ReturnType<typeof useListPage<'q' | 'status', Page>>;

async function mountAt(url: string, fetch: Fetch, props: Record<string, unknown> = {}): Promise<Router> {
  const Items = defineComponent({
    setup() {
      list = useListPage(['q', 'status'] as const, fetch);
      return () =>
        h(
          ListPage,
          { list, title: 'Items', ...props },
          {
            filters: () =>
              h(ElFormItem, { label: 'Keyword' }, () =>
                h(ElInput, { modelValue: list.filters.q, 'onUpdate:modelValue': (v: string) => (list.filters.q = v), name: 'q' }),
              ),
            default: () => h('ul', { class: 'rows' }, list.rows.map((r) => h('li', String(r)))),
          },
        );
    },
  });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/items', component: Items }] });
  await router.push(url);
  const el = document.createElement('div');
  document.body.appendChild(el);
  app = createApp(defineComponent({ render: () => h('div', [h(Items)]) }));
  app.use(pinia).use(router).use(i18n).directive('perm', vPerm);
  app.mount(el);
  await settle();
  return router;
}

function searchButton(): HTMLButtonElement {
  return document.querySelector<HTMLButtonElement>('.search-form button[type=submit]')!;
}

describe('ListPage with useListPage', () => {
  it('reads the filters and the page from the URL and loads that page', async () => {
    const fetch = vi.fn<Fetch>().mockResolvedValue({ items: ['a', 'b'], total: 42 });
    await mountAt('/items?q=wang&page=3', fetch);
    expect(fetch).toHaveBeenCalledWith({ q: 'wang' }, { page: 3, page_size: 20 });
    expect(document.querySelector<HTMLInputElement>('input[name=q]')!.value).toBe('wang');
    expect([...document.querySelectorAll('.rows li')].map((li) => li.textContent)).toEqual(['a', 'b']);
    expect(document.querySelector('.el-pagination__total')?.textContent).toContain('42');
  });

  it('writes the filters to the URL query on Search, from the first page', async () => {
    const fetch = vi.fn<Fetch>().mockResolvedValue({ items: [], total: 0 });
    const router = await mountAt('/items?page=2', fetch);
    list.filters.q = ' li ';
    list.filters.status = 'active';
    searchButton().click();
    await settle();
    expect(router.currentRoute.value.query).toEqual({ q: 'li', status: 'active' });
    expect(fetch).toHaveBeenLastCalledWith({ q: 'li', status: 'active' }, { page: 1, page_size: 20 });

    await list.changePage(4);
    await settle();
    expect(router.currentRoute.value.query).toEqual({ q: 'li', status: 'active', page: '4' });
    expect(fetch).toHaveBeenLastCalledWith({ q: 'li', status: 'active' }, { page: 4, page_size: 20 });
  });

  it('Reset clears the filters from the URL; back and forward load what the URL says', async () => {
    const fetch = vi.fn<Fetch>().mockResolvedValue({ items: [], total: 0 });
    const router = await mountAt('/items?q=zhao', fetch);
    const reset = [...document.querySelectorAll<HTMLButtonElement>('.search-form button')].find((b) => b.textContent?.includes('重置'))!;
    reset.click();
    await settle();
    expect(router.currentRoute.value.query).toEqual({});
    expect(list.filters.q).toBe('');

    await router.push('/items?status=disabled');
    await settle();
    expect(list.filters.status).toBe('disabled');
    expect(fetch).toHaveBeenLastCalledWith({ status: 'disabled' }, { page: 1, page_size: 20 });
  });

  it('shows the Excel export only with its permission, the filters in its link', async () => {
    const exporting = {
      exportUrl: '/api/v1/items/export.xlsx?q=a',
      exportPermission: 'x:item:export',
      exportLabel: 'Excel',
      exportTestid: 'export',
    };
    const signIn = (permissions: string[]) =>
      useAuthStore(pinia).apply({
        user: { id: 1, username: 'u', display_name: 'U', department_id: 1 },
        permissions,
        data_scope: 1,
        clearance: 2,
        pending: null,
      });
    const fetch = vi.fn<Fetch>().mockResolvedValue({ items: [], total: 0 });
    const link = () => document.querySelector<HTMLAnchorElement>('[data-testid=export]')!;

    signIn(['x:item:read']);
    await mountAt('/items?q=a', fetch, exporting);
    expect(link().getAttribute('href')).toBe('/api/v1/items/export.xlsx?q=a');
    expect(link().style.display).toBe('none');
    app!.unmount();
    document.body.innerHTML = '';

    signIn(['x:item:read', 'x:item:export']);
    await mountAt('/items?q=a', fetch, exporting);
    expect(link().style.display).toBe('');
    expect(link().textContent).toContain('Excel');
  });
});
