import type { components, operations, paths } from './schema';

// Named shapes of the API, taken from the generated OpenAPI types where the server describes them,
// and written out here where its document leaves a response as a plain object.

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type User = JsonOf<operations['getUsersId']['responses'][200]>;
export type UserPage = JsonOf<operations['getUsers']['responses'][200]>;
export type NewUser = NonNullable<operations['postUsers']['requestBody']>['content']['application/json'];
export type UserPatch = NonNullable<operations['patchUsersId']['requestBody']>['content']['application/json'];
export type UserQuery = NonNullable<operations['getUsers']['parameters']['query']>;
export type Department = JsonOf<operations['getDepartmentsId']['responses'][200]>;
export type NewDepartment = NonNullable<operations['postDepartments']['requestBody']>['content']['application/json'];
export type DepartmentPatch = NonNullable<
  operations['patchDepartmentsId']['requestBody']
>['content']['application/json'];
export type Role = JsonOf<operations['getRolesId']['responses'][200]>;
export type NewRole = NonNullable<operations['postRoles']['requestBody']>['content']['application/json'];
export type RolePatch = NonNullable<operations['patchRolesId']['requestBody']>['content']['application/json'];
export type Post = JsonOf<paths['/api/v1/posts']['post']['responses'][201]>;
export type Verification = JsonOf<operations['getAuditVerification']['responses'][200]>;
export type AuditQuery = NonNullable<operations['getAuditLogs']['parameters']['query']>;
export type LoginLogQuery = NonNullable<operations['getAuditLoginLogs']['parameters']['query']>;
export type ErrorShape = components['schemas']['Error'];
export type RevealField = NonNullable<
  operations['postUsersIdReveal']['requestBody']
>['content']['application/json']['field'];
export type DataScopeName = Role['data_scope'];

export type Pending = null | 'totp' | 'password_change' | 'totp_enrollment';

export interface SessionUser {
  id: number;
  username: string;
  display_name: string;
  department_id: number;
}

/** Answer of sign-in, /auth/totp and /auth/me. */
export interface Session {
  user: SessionUser;
  permissions: string[];
  /** 0 own, 1 department, 2 department tree, 3 all. */
  data_scope: number;
  clearance: number;
  pending: Pending;
  csrf_token?: string;
}

export const DATA_SCOPES: DataScopeName[] = ['own', 'department', 'department_tree', 'all'];

export interface DepartmentNode extends Department {
  children: DepartmentNode[];
}

export interface PermissionInfo {
  code: string;
  label_zh: string;
  label_en: string;
  admin: boolean;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: { user_id: number | null; username: string | null; ip: string | null; request_id: string | null };
  action: string;
  entity: string;
  entity_id: string | null;
  department_id: number | null;
  before: unknown;
  after: unknown;
  outcome: string;
  reason: string | null;
  hash: string;
}

export interface LoginLogEntry {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  event: string;
  outcome: string;
  reason: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}
