import { onScopeDispose } from 'vue';
import { api, unwrap } from '@/api';
import type { InboxItem } from '@/api/types';
import { useNotificationsStore } from '@/stores/notifications';

// Helpers for pages that react to new inbox items, and where an item leads.

/** The incident an item is about: its number (INC-YYYY-MM-DD-NNNNNN ends with the id) in the text. */
export function incidentIdOf(item: Pick<InboxItem, 'event' | 'title' | 'body'>): number | null {
  if (!item.event.startsWith('incident.')) return null;
  const m = /INC-\d{4}-\d{2}-\d{2}-(\d+)/.exec(`${item.title}\n${item.body}`);
  if (!m) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The page an item leads to, or null. */
export function notificationLink(item: Pick<InboxItem, 'event' | 'title' | 'body'>): string | null {
  const extra = item as { link?: unknown; entity?: unknown; entity_id?: unknown };
  if (typeof extra.link === 'string' && extra.link.startsWith('/') && !extra.link.startsWith('//')) return extra.link;
  if (extra.entity === 'warning' && extra.entity_id) return `/warnings/${String(extra.entity_id)}`;
  if (extra.entity === 'incident' && extra.entity_id) return `/incidents/${String(extra.entity_id)}`;
  const incident = incidentIdOf(item);
  if (incident) return `/incidents/${incident}`;
  if (item.event.startsWith('incident.')) return '/incidents';
  if (item.event.startsWith('warning.')) return '/warnings';
  return null;
}

/**
 * The page an item leads to, looking a warning up by its title (warning notifications name the
 * warning, not its id): its detail page when found among the newest warnings, else the list.
 */
export async function resolveNotificationLink(item: Pick<InboxItem, 'event' | 'title' | 'body'>): Promise<string | null> {
  const link = notificationLink(item);
  if (link !== '/warnings') return link;
  try {
    const page = await unwrap(api.GET('/api/v1/warnings', { params: { query: { page: 1, page_size: 50 } } }));
    const text = `${item.title}\n${item.body}`;
    const found = page.items
      .filter((w) => w.title && text.includes(w.title))
      .sort((a, b) => b.title.length - a.title.length || b.id - a.id)[0];
    return found ? `/warnings/${found.id}` : link;
  } catch {
    return link;
  }
}

/**
 * Calls `handler` for each new inbox item (that `filter` accepts) while the calling component
 * lives. Use it to refresh a list or a detail page when something it shows has changed.
 */
export function useNotificationListener(handler: (item: InboxItem) => void, filter?: (item: InboxItem) => boolean) {
  const store = useNotificationsStore();
  const off = store.subscribe((item) => {
    if (!filter || filter(item)) handler(item);
  });
  onScopeDispose(off);
  return off;
}

/** New items about incidents (any, or one in particular). */
export function onIncidentNotification(handler: (item: InboxItem) => void, incidentId?: () => number | null) {
  return useNotificationListener(handler, (item) => {
    if (!item.event.startsWith('incident.')) return false;
    if (!incidentId) return true;
    const want = incidentId();
    return want === null || incidentIdOf(item) === want;
  });
}

/** New items about warnings. */
export function onWarningNotification(handler: (item: InboxItem) => void) {
  return useNotificationListener(handler, (item) => item.event.startsWith('warning.'));
}
