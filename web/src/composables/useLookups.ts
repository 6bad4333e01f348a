import { computed, ref } from 'vue';
import { api, unwrap } from '@/api';
import { readDepartmentTree } from '@/api/decode';
import type { DepartmentNode, Post, Role } from '@/api/types';
import { useAuthStore } from '@/stores/auth';

// Reference data for forms and tables: the department tree, roles and posts. Each is loaded only
// when the user may read it; lists are bounded pages (the server caps page_size at 200).

export function flattenTree(nodes: DepartmentNode[], out: DepartmentNode[] = []): DepartmentNode[] {
  for (const n of nodes) {
    out.push(n);
    flattenTree(n.children ?? [], out);
  }
  return out;
}

export function useDepartmentTree() {
  const auth = useAuthStore();
  const tree = ref<DepartmentNode[]>([]);
  const byId = computed(() => new Map(flattenTree(tree.value).map((d) => [d.id, d])));

  async function load() {
    if (!auth.has('identity:department:read')) return;
    const r = await unwrap(api.GET('/api/v1/departments/tree'));
    tree.value = readDepartmentTree(r.items);
  }

  function name(id: number | null | undefined): string {
    if (id === null || id === undefined) return '';
    return byId.value.get(id)?.name ?? `#${id}`;
  }

  return { tree, byId, load, name };
}

export function useRoles() {
  const auth = useAuthStore();
  const roles = ref<Role[]>([]);
  const byId = computed(() => new Map(roles.value.map((r) => [r.id, r])));

  async function load() {
    if (!auth.has('identity:role:read')) return;
    const r = await unwrap(api.GET('/api/v1/roles', { params: { query: { page: 1, page_size: 200 } } }));
    roles.value = r.items;
  }

  return { roles, byId, load };
}

export function usePosts() {
  const auth = useAuthStore();
  const posts = ref<Post[]>([]);

  async function load() {
    if (!auth.has('identity:post:read')) return;
    const r = await unwrap(api.GET('/api/v1/posts', { params: { query: { page: 1, page_size: 200 } } }));
    posts.value = r.items;
  }

  return { posts, load };
}
