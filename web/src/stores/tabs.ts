import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RouteLocationNormalized } from 'vue-router';

export interface Tab {
  /** The route path (one tab per page; its query follows the last visit). */
  path: string;
  fullPath: string;
  title: string;
  affix: boolean;
}

const KEY = 'anxin.tabs';

function load(): Tab[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as Tab[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** The tabs of open pages above the content. */
export const useTabsStore = defineStore('tabs', () => {
  const tabs = ref<Tab[]>(load());

  function save() {
    sessionStorage.setItem(KEY, JSON.stringify(tabs.value));
  }

  function visit(route: RouteLocationNormalized) {
    if (route.meta.public || !route.meta.title || route.name === 'not-found') return;
    const existing = tabs.value.find((t) => t.path === route.path);
    if (existing) {
      existing.fullPath = route.fullPath;
    } else {
      const tab = { path: route.path, fullPath: route.fullPath, title: route.meta.title, affix: !!route.meta.affix };
      if (tab.affix) tabs.value.unshift(tab);
      else tabs.value.push(tab);
    }
    save();
  }

  /** Closes a tab; returns where to go when it was the current one. */
  function close(path: string): string | null {
    const i = tabs.value.findIndex((t) => t.path === path);
    if (i < 0 || tabs.value[i].affix) return null;
    tabs.value.splice(i, 1);
    save();
    const next = tabs.value[i] ?? tabs.value[i - 1];
    return next ? next.fullPath : '/';
  }

  function closeOthers(path: string) {
    tabs.value = tabs.value.filter((t) => t.affix || t.path === path);
    save();
  }

  function closeAll() {
    tabs.value = tabs.value.filter((t) => t.affix);
    save();
  }

  function reset() {
    tabs.value = [];
    sessionStorage.removeItem(KEY);
  }

  return { tabs, visit, close, closeOthers, closeAll, reset };
});
