import { onScopeDispose } from 'vue';
import type { InboxItem } from '@/api/types';
import { useNotificationsStore } from '@/stores/notifications';

// Helpers for pages that react to new inbox items, and where an item leads.

/** The page an item leads to: the incident or warning it names, else the list of its kind, or null. */
export function notificationLink(item: Pick<InboxItem, 'event' | 'entity' | 'entity_id'>): string | null {
  if (item.entity === 'incident' && item.entity_id) return `/incidents/${item.entity_id}`;
  if (item.entity === 'warning' && item.entity_id) return `/warnings/${item.entity_id}`;
  if (item.event.startsWith('incident.')) return '/incidents';
  if (item.event.startsWith('warning.')) return '/warnings';
  return null;
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
    return want === null || (item.entity === 'incident' && item.entity_id === want);
  });
}

/** New items about warnings. */
export function onWarningNotification(handler: (item: InboxItem) => void) {
  return useNotificationListener(handler, (item) => item.event.startsWith('warning.'));
}
