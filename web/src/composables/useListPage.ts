import { reactive, ref, type Ref } from 'vue';
import { showError } from './useErrors';
import { useListQuery, useLocalListQuery } from './useListQuery';

/** One page of a server-paged list (the shape of every list endpoint's answer). */
export interface Page {
  items: unknown[];
  total: number;
}

/** What ListPage needs of a list. */
export interface ListControls {
  page: number;
  pageSize: number;
  total: number;
  search(): Promise<void>;
  reset(): Promise<void>;
  changePage(page: number): Promise<void>;
  changePageSize(size: number): Promise<void>;
  load(): Promise<void>;
}

/**
 * A server-paged list: its filters and paging (kept in the URL by useListQuery, or locally with
 * `url: false`), the rows of the current page, their total and whether a request is running.
 * `fetch` gets the filters that are set and the page to ask for; its whole answer stays in
 * `result` for pages that get more than rows back. An answer that arrives after a newer request
 * started is dropped; a failed request is toasted.
 */
export function useListPage<K extends string, P extends Page>(
  keys: readonly K[],
  fetch: (filters: Partial<Record<K, string>>, paging: { page: number; page_size: number }) => Promise<P>,
  options: { url?: boolean } = {},
) {
  const rows = ref([]) as Ref<P['items']>;
  const total = ref(0);
  const loading = ref(false);
  const result = ref(null) as Ref<P | null>;

  let seq = 0;
  async function load() {
    const mine = ++seq;
    loading.value = true;
    try {
      const answer = await fetch(query.activeFilters(), { page: query.page.value, page_size: query.pageSize.value });
      if (mine !== seq) return;
      result.value = answer;
      rows.value = answer.items;
      total.value = answer.total;
    } catch (e) {
      if (mine === seq) showError(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  const query = options.url === false ? useLocalListQuery(keys, load) : useListQuery(keys, load);
  return reactive({ ...query, rows, total, loading, result, load });
}
