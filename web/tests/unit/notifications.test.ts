import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxItem } from '@/api/types';

// The API is replaced by a fake inbox: GET the list and the unread count, POST read / read-all.
const server = vi.hoisted(() => ({
  items: [] as InboxItem[],
  unread: 0,
  calls: [] as string[],
}));

vi.mock('@/api', async () => {
  const errors = await vi.importActual<typeof import('@/api/errors')>('@/api/errors');
  const ok = (data: unknown) => Promise.resolve({ data, response: new Response(null, { status: 200 }) });
  return {
    unwrap: errors.unwrap,
    ApiError: errors.ApiError,
    api: {
      GET: vi.fn((path: string) => {
        server.calls.push(`GET ${path}`);
        if (path === '/api/v1/auth/notifications/unread-count') return ok({ count: server.unread });
        return ok({ items: [...server.items].sort((a, b) => b.id - a.id), total: server.items.length, page: 1, page_size: 8 });
      }),
      POST: vi.fn((path: string, opts?: { params?: { path?: { id?: number } } }) => {
        server.calls.push(`POST ${path}${opts?.params?.path?.id ? ` ${opts.params.path.id}` : ''}`);
        return ok(path.endsWith('read-all') ? { updated: server.unread } : undefined);
      }),
    },
  };
});

import {
  STREAM_URL,
  parseInboxItem,
  parseUnread,
  useNotificationsStore,
} from '@/stores/notifications';
import { notificationLink } from '@/composables/useNotifications';

/** A stand-in for the browser's EventSource: the test says what the server sends. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  url: string;
  readyState = 0;
  closed = false;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  private listeners = new Map<string, ((ev: Event) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, fn: (ev: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  // --- driven by the test
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  send(type: string, data: unknown) {
    const ev = new MessageEvent(type, { data: typeof data === 'string' ? data : JSON.stringify(data) });
    for (const fn of this.listeners.get(type) ?? []) fn(ev);
  }
  fail(permanently: boolean) {
    this.readyState = permanently ? 2 : 0;
    this.onerror?.(new Event('error'));
  }
}

function item(id: number, over: Partial<InboxItem> = {}): InboxItem {
  return {
    id,
    event: 'incident.reported',
    entity: 'incident',
    entity_id: id,
    title: `【IV级】新突发事件：测试 ${id}`,
    body: `INC-2026-05-01-${String(id).padStart(6, '0')} 测试 ${id}（IV级）已上报，请按时逐级报告并处置。`,
    created_at: '2026-05-01T08:00:00Z',
    read: false,
    read_at: null,
    ...over,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('notifications store (live inbox over SSE)', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    FakeEventSource.instances = [];
    server.items = [];
    server.unread = 0;
    server.calls = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('opens one stream for the session and loads the newest items', async () => {
    server.items = [item(1), item(2, { read: true })];
    server.unread = 1;
    const store = useNotificationsStore();
    store.start();
    store.start();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(FakeEventSource.instances[0].url).toBe(STREAM_URL);
    await flush();
    expect(store.latest.map((i) => i.id)).toEqual([2, 1]);
    expect(store.unread).toBe(1);
  });

  it('takes the unread count from "unread" events and new items from "notification" events', async () => {
    const store = useNotificationsStore();
    const heard: number[] = [];
    store.subscribe((i) => heard.push(i.id));
    store.start();
    await flush();
    const es = FakeEventSource.instances[0];
    es.open();
    es.send('unread', { unread: 3 });
    expect(store.unread).toBe(3);
    expect(store.badge).toBe('3');
    es.send('notification', item(7));
    es.send('notification', item(7)); // the same item twice is told once
    expect(heard).toEqual([7]);
    expect(store.latest[0].id).toBe(7);
    es.send('unread', { unread: 120 });
    expect(store.badge).toBe('99+');
  });

  it('ignores malformed events', async () => {
    const store = useNotificationsStore();
    store.start();
    await flush();
    const es = FakeEventSource.instances[0];
    es.send('unread', 'not json');
    es.send('unread', { unread: -1 });
    es.send('notification', { nope: true });
    expect(store.unread).toBe(0);
    expect(store.latest).toEqual([]);
    expect(parseUnread('{"unread":2}')).toBe(2);
    expect(parseInboxItem('{"id":1,"event":"x"}')?.title).toBe('');
    expect(parseInboxItem('{"id":1,"event":"x"}')?.entity_id).toBeNull();
    expect(parseInboxItem('{"id":2,"event":"incident.reported","entity":"incident","entity_id":7}')).toMatchObject({
      entity: 'incident',
      entity_id: 7,
    });
  });

  it('after a reconnect, tells the pages what arrived meanwhile', async () => {
    server.items = [item(1)];
    const store = useNotificationsStore();
    const heard: number[] = [];
    store.subscribe((i) => heard.push(i.id));
    store.start();
    await flush();
    const es = FakeEventSource.instances[0];
    es.open();
    es.fail(false); // the browser retries by itself
    expect(store.live).toBe(false);
    server.items = [item(1), item(2), item(3)];
    server.unread = 3;
    es.open();
    await flush();
    expect(store.live).toBe(true);
    expect(heard).toEqual([2, 3]);
    expect(store.unread).toBe(3);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('falls back to polling when the stream cannot be opened', async () => {
    vi.useFakeTimers();
    const store = useNotificationsStore();
    const heard: number[] = [];
    store.subscribe((i) => heard.push(i.id));
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeEventSource.instances[0].fail(true);
    await vi.advanceTimersByTimeAsync(0);
    server.items = [item(4)];
    server.unread = 1;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(heard).toEqual([4]);
    expect(store.unread).toBe(1);
    store.stop();
    const before = server.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls.length).toBe(before);
  });

  it('stop() closes the stream and forgets the inbox; events after that are ignored', async () => {
    server.items = [item(1)];
    server.unread = 1;
    const store = useNotificationsStore();
    store.start();
    await flush();
    const es = FakeEventSource.instances[0];
    store.stop();
    expect(es.closed).toBe(true);
    expect(store.unread).toBe(0);
    expect(store.latest).toEqual([]);
    es.send('unread', { unread: 5 });
    expect(store.unread).toBe(0);
    store.start();
    expect(FakeEventSource.instances).toHaveLength(2);
  });

  it('marks one item or all items read', async () => {
    server.items = [item(1), item(2)];
    server.unread = 2;
    const store = useNotificationsStore();
    store.start();
    await flush();
    await store.markRead(2);
    expect(server.calls).toContain('POST /api/v1/auth/notifications/{id}/read 2');
    expect(store.unread).toBe(1);
    expect(store.latest.find((i) => i.id === 2)?.read).toBe(true);
    await store.markAllRead();
    expect(store.unread).toBe(0);
    expect(store.latest.every((i) => i.read)).toBe(true);
  });

  it('a listener that throws does not stop the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const store = useNotificationsStore();
    const heard: number[] = [];
    store.subscribe(() => {
      throw new Error('boom');
    });
    const off = store.subscribe((i) => heard.push(i.id));
    store.receive(item(9));
    expect(heard).toEqual([9]);
    off();
    store.receive(item(10));
    expect(heard).toEqual([9]);
    expect(warn).toHaveBeenCalled();
  });
});

describe('where a notification leads', () => {
  it('opens the incident or warning the item names', () => {
    expect(notificationLink(item(42))).toBe('/incidents/42');
    expect(notificationLink({ event: 'warning.issued', entity: 'warning', entity_id: 5 })).toBe('/warnings/5');
  });

  it('falls back to the list of its kind when the item names nothing', () => {
    expect(notificationLink({ event: 'incident.reported', entity: null, entity_id: null })).toBe('/incidents');
    expect(notificationLink({ event: 'warning.lifted', entity: null, entity_id: null })).toBe('/warnings');
    expect(notificationLink({ event: 'account.locked', entity: null, entity_id: null })).toBeNull();
  });
});
