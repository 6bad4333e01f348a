import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, unwrap } from '@/api';
import type { InboxItem } from '@/api/types';

// The signed-in user's inbox, live: one EventSource per session on the server's stream
//   GET /api/v1/auth/notifications/stream  (text/event-stream, cookie session)
//   event: unread        data: {"unread": N}      at connect and whenever the count changes
//   event: notification  data: <one inbox item>   for each new item
// The browser reconnects by itself; after a reconnect the latest items are loaded again so nothing
// said while the connection was down is missed. Where the stream cannot be opened at all (an older
// server, a proxy that buffers), the store falls back to asking for the unread count now and then.
// Pages react to new items through subscribe() (see composables/useNotifications.ts).

export const STREAM_URL = '/api/v1/auth/notifications/stream';
/** How many of the newest items the bell's dropdown shows. */
export const LATEST_COUNT = 8;
/** Polling interval of the fallback, when the stream is unavailable. */
export const POLL_MS = 30_000;

export type NotificationListener = (item: InboxItem) => void;

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'> & {
  onerror: ((this: EventSource, ev: Event) => unknown) | null;
  onopen: ((this: EventSource, ev: Event) => unknown) | null;
};
type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;

function defaultFactory(): EventSourceFactory | null {
  const ctor = (globalThis as { EventSource?: typeof EventSource }).EventSource;
  return ctor ? (url) => new ctor(url) : null;
}

/** Parses an inbox item sent on the stream; null when it is not one. */
export function parseInboxItem(data: string): InboxItem | null {
  try {
    const v = JSON.parse(data) as Partial<InboxItem>;
    if (!v || typeof v !== 'object' || typeof v.id !== 'number' || typeof v.event !== 'string') return null;
    return {
      id: v.id,
      event: v.event,
      entity: typeof v.entity === 'string' ? v.entity : null,
      entity_id: typeof v.entity_id === 'number' ? v.entity_id : null,
      title: typeof v.title === 'string' ? v.title : '',
      body: typeof v.body === 'string' ? v.body : '',
      created_at: typeof v.created_at === 'string' ? v.created_at : new Date().toISOString(),
      read: v.read === true,
      read_at: v.read_at ?? null,
    };
  } catch {
    return null;
  }
}

/** The unread count sent on the stream; null when the data is not {"unread": N}. */
export function parseUnread(data: string): number | null {
  try {
    const v = JSON.parse(data) as { unread?: unknown };
    return typeof v?.unread === 'number' && Number.isInteger(v.unread) && v.unread >= 0 ? v.unread : null;
  } catch {
    return null;
  }
}

export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0);
  const latest = ref<InboxItem[]>([]);
  /** True while the live stream is open. */
  const live = ref(false);
  const active = ref(false);
  const loading = ref(false);

  let factory: EventSourceFactory | null = null;
  let source: EventSourceLike | null = null;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let hadError = false;
  const seen = new Set<number>();
  const listeners = new Set<NotificationListener>();

  const badge = computed(() => (unread.value > 99 ? '99+' : unread.value > 0 ? String(unread.value) : ''));

  /** Replaces how the stream is opened (unit tests); null restores the browser's EventSource. */
  function useFactory(f: EventSourceFactory | null) {
    factory = f;
  }

  function emit(item: InboxItem) {
    for (const l of [...listeners]) {
      try {
        l(item);
      } catch (e) {
        // one page's handler must not stop the others
        console.warn('notification listener failed', e);
      }
    }
  }

  function remember(item: InboxItem) {
    seen.add(item.id);
    const rest = latest.value.filter((x) => x.id !== item.id);
    latest.value = [item, ...rest].sort((a, b) => b.id - a.id).slice(0, LATEST_COUNT);
  }

  /** A new item from the stream (or found by a reload): kept, and told to the pages. */
  function receive(item: InboxItem) {
    if (seen.has(item.id)) return;
    remember(item);
    emit(item);
  }

  /**
   * Loads the newest items and the unread count. With announce, items not seen before are told to
   * the pages (after a reconnect or a poll), otherwise they are only remembered (the first load).
   */
  async function refresh(announce = false) {
    if (!active.value) return;
    loading.value = true;
    try {
      const [page, count] = await Promise.all([
        unwrap(api.GET('/api/v1/auth/notifications', { params: { query: { page: 1, page_size: LATEST_COUNT } } })),
        unwrap(api.GET('/api/v1/auth/notifications/unread-count')),
      ]);
      if (!active.value) return;
      const fresh = page.items.filter((i) => !seen.has(i.id)).sort((a, b) => a.id - b.id);
      latest.value = [...page.items].sort((a, b) => b.id - a.id).slice(0, LATEST_COUNT);
      for (const i of page.items) seen.add(i.id);
      unread.value = count.count;
      if (announce) for (const i of fresh) emit(i);
    } catch {
      // a 401 is handled by the API client (back to the login page); otherwise try again later
    } finally {
      loading.value = false;
    }
  }

  function startPolling() {
    if (pollTimer !== null) return;
    pollTimer = setInterval(() => void refresh(true), POLL_MS);
  }

  function stopPolling() {
    if (pollTimer !== null) clearInterval(pollTimer);
    pollTimer = null;
  }

  function open() {
    const f = factory ?? defaultFactory();
    if (!f) {
      startPolling();
      return;
    }
    const es = f(STREAM_URL);
    source = es;
    es.addEventListener('unread', (e) => {
      const n = parseUnread((e as MessageEvent<string>).data);
      if (n !== null && source === es) unread.value = n;
    });
    es.addEventListener('notification', (e) => {
      const item = parseInboxItem((e as MessageEvent<string>).data);
      if (item && source === es) receive(item);
    });
    es.onopen = () => {
      if (source !== es) return;
      live.value = true;
      stopPolling();
      // Back after an interruption: catch up with what was said meanwhile.
      if (hadError) void refresh(true);
      hadError = false;
    };
    es.onerror = () => {
      if (source !== es) return;
      live.value = false;
      hadError = true;
      // CONNECTING: the browser retries by itself. CLOSED: it gave up (no stream on this server, or
      // the session ended: the next poll's 401 sends the user to the login page).
      if (es.readyState === CLOSED) {
        source = null;
        startPolling();
        void refresh(true);
      }
    };
  }

  /** Opens the live inbox for the session (once; further calls do nothing). */
  function start() {
    if (active.value) return;
    active.value = true;
    hadError = false;
    open();
    void refresh(false);
  }

  /** Closes the stream and forgets the inbox (sign-out, session end). */
  function stop() {
    active.value = false;
    source?.close();
    source = null;
    stopPolling();
    live.value = false;
    unread.value = 0;
    latest.value = [];
    seen.clear();
  }

  /** Registers a listener for new items; returns the function that removes it. */
  function subscribe(listener: NotificationListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  async function markRead(id: number) {
    await unwrap(api.POST('/api/v1/auth/notifications/{id}/read', { params: { path: { id } } }));
    const item = latest.value.find((i) => i.id === id);
    if (item && !item.read) {
      item.read = true;
      item.read_at = new Date().toISOString();
      unread.value = Math.max(0, unread.value - 1);
    }
  }

  async function markAllRead() {
    await unwrap(api.POST('/api/v1/auth/notifications/read-all'));
    const now = new Date().toISOString();
    for (const i of latest.value) {
      if (!i.read) {
        i.read = true;
        i.read_at = now;
      }
    }
    unread.value = 0;
  }

  return {
    unread,
    latest,
    live,
    active,
    loading,
    badge,
    useFactory,
    start,
    stop,
    refresh,
    receive,
    subscribe,
    markRead,
    markAllRead,
  };
});
