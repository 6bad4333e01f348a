import { defineStore } from 'pinia';
import { ref } from 'vue';

const COLLAPSE_KEY = 'anxin.sidebar.collapsed';
export const MOBILE_WIDTH = 768;

/** Layout state: the side menu (collapsed on desktop, a drawer on phones). */
export const useAppStore = defineStore('app', () => {
  const collapsed = ref(localStorage.getItem(COLLAPSE_KEY) === '1');
  const mobile = ref(window.innerWidth < MOBILE_WIDTH);
  const drawerOpen = ref(false);

  function toggleMenu() {
    if (mobile.value) {
      drawerOpen.value = !drawerOpen.value;
    } else {
      collapsed.value = !collapsed.value;
      localStorage.setItem(COLLAPSE_KEY, collapsed.value ? '1' : '0');
    }
  }

  function onResize() {
    mobile.value = window.innerWidth < MOBILE_WIDTH;
    if (!mobile.value) drawerOpen.value = false;
  }

  return { collapsed, mobile, drawerOpen, toggleMenu, onResize };
});
