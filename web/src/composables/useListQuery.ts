import { onMounted, reactive, ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';

export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZES = [10, 20, 50, 100];

function first(v: LocationQuery[string] | undefined): string {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : '';
}

function active<K extends string>(keys: readonly K[], filters: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) {
    const v = filters[k].trim();
    if (v !== '') out[k] = v;
  }
  return out;
}

function blankFilters<K extends string>(keys: readonly K[]): Record<K, string> {
  return reactive(Object.fromEntries(keys.map((k) => [k, '']))) as Record<K, string>;
}

function positiveInt(v: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/**
 * Filters and paging of a server-paged list kept in the URL query, so a view can be shared and
 * survives a reload. The URL is the source of truth: search() and the pager write it, and every
 * change of it (also back/forward) loads the list again.
 */
export function useListQuery<K extends string>(keys: readonly K[], load: () => Promise<void> | void) {
  const route = useRoute();
  const router = useRouter();
  const path = route.path;
  const filters = blankFilters(keys);
  const page = ref(1);
  const pageSize = ref(DEFAULT_PAGE_SIZE);

  function readRoute() {
    for (const k of keys) (filters as Record<string, string>)[k] = first(route.query[k]);
    page.value = positiveInt(first(route.query.page), 1);
    pageSize.value = positiveInt(first(route.query.page_size), DEFAULT_PAGE_SIZE, 200);
  }

  function toQuery(): LocationQueryRaw {
    const q: LocationQueryRaw = { ...active(keys, filters) };
    if (page.value !== 1) q.page = String(page.value);
    if (pageSize.value !== DEFAULT_PAGE_SIZE) q.page_size = String(pageSize.value);
    return q;
  }

  async function push() {
    const next = toQuery();
    const same = JSON.stringify(next) === JSON.stringify(normalise(route.query));
    if (same) await load();
    else await router.replace({ path, query: next });
  }

  function normalise(q: LocationQuery): LocationQueryRaw {
    const out: LocationQueryRaw = {};
    for (const [k, v] of Object.entries(q)) if (first(v) !== '') out[k] = first(v);
    return out;
  }

  /** Applies the filters from the first page. */
  async function search() {
    page.value = 1;
    await push();
  }

  async function reset() {
    for (const k of keys) (filters as Record<string, string>)[k] = '';
    await search();
  }

  async function changePage(p: number) {
    page.value = p;
    await push();
  }

  async function changePageSize(size: number) {
    pageSize.value = size;
    page.value = 1;
    await push();
  }

  /** The filters that are set, for the API query. */
  function activeFilters(): Partial<Record<K, string>> {
    return active(keys, filters);
  }

  readRoute();
  onMounted(() => void load());
  watch(
    () => route.fullPath,
    () => {
      if (route.path !== path) return;
      readRoute();
      void load();
    },
  );

  return { filters, page, pageSize, search, reset, changePage, changePageSize, activeFilters, reload: load };
}

/**
 * The same for a list that does not own the page's URL (a tab beside a list that does): filters
 * and paging are kept here, and every change loads the list again.
 */
export function useLocalListQuery<K extends string>(keys: readonly K[], load: () => Promise<void> | void) {
  const filters = blankFilters(keys);
  const page = ref(1);
  const pageSize = ref(DEFAULT_PAGE_SIZE);

  async function search() {
    page.value = 1;
    await load();
  }

  async function reset() {
    for (const k of keys) (filters as Record<string, string>)[k] = '';
    await search();
  }

  async function changePage(p: number) {
    page.value = p;
    await load();
  }

  async function changePageSize(size: number) {
    pageSize.value = size;
    page.value = 1;
    await load();
  }

  onMounted(() => void load());

  return {
    filters,
    page,
    pageSize,
    search,
    reset,
    changePage,
    changePageSize,
    activeFilters: () => active(keys, filters),
    reload: load,
  };
}
