import type { Directive, DirectiveBinding } from 'vue';
import { permits, type PermissionRequirement } from '@/composables/useAuth';
import { useAuthStore } from '@/stores/auth';

// v-perm="'identity:user:create'"          shown only with that permission
// v-perm="['a:b:c', 'd:e:f']"              shown with any of them
// v-perm.all="['a:b:c', 'd:e:f']"          shown only with all of them
// The element stays in the DOM (Vue keeps patching it) but is hidden and out of the
// accessibility tree. Hiding a button is a convenience: the server enforces every permission.

const SAVED_DISPLAY = Symbol('perm-display');

type PermElement = HTMLElement & { [SAVED_DISPLAY]?: string };

function apply(el: PermElement, binding: DirectiveBinding<PermissionRequirement>) {
  const store = useAuthStore();
  const ok = permits(store.permissions, binding.value, binding.modifiers.all === true);
  if (!(SAVED_DISPLAY in el)) el[SAVED_DISPLAY] = el.style.display;
  if (ok) {
    el.style.display = el[SAVED_DISPLAY] ?? '';
    el.removeAttribute('aria-hidden');
    el.removeAttribute('data-perm-denied');
  } else {
    el.style.display = 'none';
    el.setAttribute('aria-hidden', 'true');
    el.setAttribute('data-perm-denied', '');
  }
}

export const vPerm: Directive<PermElement, PermissionRequirement> = {
  mounted: apply,
  updated: apply,
};
