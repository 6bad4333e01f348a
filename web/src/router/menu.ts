import type { RouteRecordRaw } from 'vue-router';
import { permits } from '@/composables/useAuth';
import { MENU_GROUPS, routes } from './routes';

export interface MenuItem {
  key: string;
  title: string;
  icon?: string;
  path?: string;
  children?: MenuItem[];
}

function pages(): RouteRecordRaw[] {
  return routes.find((r) => r.path === '/')?.children ?? [];
}

/** The side menu for a user holding `granted`: only pages they may open, groups with any. */
export function buildMenu(granted: ReadonlySet<string>): MenuItem[] {
  const visible = pages().filter((r) => !r.meta?.hidden && permits(granted, r.meta?.permission));
  const leaf = (r: RouteRecordRaw): MenuItem => ({
    key: `/${r.path}`,
    path: `/${r.path}`,
    title: r.meta?.title ?? String(r.name),
    icon: r.meta?.icon,
  });
  const menu: MenuItem[] = visible.filter((r) => !r.meta?.group).map(leaf);
  for (const g of MENU_GROUPS) {
    const children = visible.filter((r) => r.meta?.group === g.key).map(leaf);
    if (children.length > 0) menu.push({ key: g.key, title: g.title, icon: g.icon, children });
  }
  return menu;
}
