import { computed } from 'vue';
import type { RevealField } from '@/api/types';
import { useAuthStore } from '@/stores/auth';

export type PermissionRequirement = string | readonly string[] | null | undefined;

/**
 * Whether `granted` satisfies `required`: one code, or a list of which any one (or, with
 * all = true, every one) is needed. Nothing required is always satisfied.
 */
export function permits(granted: ReadonlySet<string>, required: PermissionRequirement, all = false): boolean {
  if (required === null || required === undefined) return true;
  const list = typeof required === 'string' ? [required] : required;
  if (list.length === 0) return true;
  return all ? list.every((p) => granted.has(p)) : list.some((p) => granted.has(p));
}

/** Data class of each personal field of a user (the clearance needed to see it in full). */
export const FIELD_CLASS: Record<RevealField, number> = {
  phone: 3,
  address: 3,
  id_number: 4,
  bank_account: 4,
};

/** Permission checks for templates and scripts; the server decides in the end. */
export function useAuth() {
  const store = useAuthStore();
  const user = computed(() => store.user);
  const clearance = computed(() => store.clearance);

  function hasPermission(required: PermissionRequirement): boolean {
    return permits(store.permissions, required);
  }

  function hasAll(required: readonly string[]): boolean {
    return permits(store.permissions, required, true);
  }

  /** Whether the user may reveal the full value of a personal field. */
  function canReveal(field: string): boolean {
    const level = FIELD_CLASS[field as RevealField];
    return level !== undefined && store.has('identity:user:reveal') && store.clearance >= level;
  }

  return { user, clearance, hasPermission, hasAll, canReveal };
}
