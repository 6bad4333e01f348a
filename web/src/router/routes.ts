import type { RouteRecordRaw } from 'vue-router';

// Every page of the UI. meta.permission names what the page needs (any one of a list): the menu
// leaves out pages the user may not use, and opening one anyway shows the 403 page in its place.
// meta.title is a message key; meta.icon an Element Plus icon name (see layout/icons.ts).

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
    icon?: string;
    permission?: string | string[];
    /** Reachable without a session. */
    public?: boolean;
    /** A public page that never asks about the session either (no /auth/me): for visitors. */
    anonymous?: boolean;
    /** Not shown in the menu. */
    hidden?: boolean;
    /** A tab that cannot be closed. */
    affix?: boolean;
    /** The menu group the page belongs to. */
    group?: string;
  }
}

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { public: true, title: 'login.heading' },
  },
  {
    // The 安心码 a customer scans at the door: no session, no layout (see the guard in index.ts).
    path: '/s/:token',
    name: 'safety-code',
    component: () => import('@/views/public/SafetyCodePage.vue'),
    meta: { public: true, anonymous: true, title: 'workforce.publicCode.pageTitle' },
  },
  {
    // The customer's link to a service order (arrival, sign-off): no session, no layout, like /s/:token.
    path: '/o/:token',
    name: 'order-link',
    component: () => import('@/views/public/OrderLinkPage.vue'),
    meta: { public: true, anonymous: true, title: 'orders.link.pageTitle' },
  },
  {
    path: '/',
    component: () => import('@/layout/AppLayout.vue'),
    redirect: '/dashboard',
    children: [
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/DashboardView.vue'),
        meta: { title: 'menu.dashboard', icon: 'HomeFilled', affix: true },
      },
      {
        path: 'incidents',
        name: 'incidents',
        component: () => import('@/views/incidents/IncidentList.vue'),
        meta: { title: 'menu.incidents', icon: 'Warning', permission: 'incidents:incident:read', group: 'emergency' },
      },
      {
        path: 'incidents/report',
        name: 'incident-report',
        component: () => import('@/views/incidents/IncidentReport.vue'),
        meta: { title: 'menu.incidentReport', icon: 'EditPen', permission: 'incidents:incident:report', group: 'emergency' },
      },
      {
        path: 'incidents/:id(\\d+)',
        name: 'incident',
        component: () => import('@/views/incidents/IncidentDetail.vue'),
        meta: { title: 'menu.warRoom', permission: 'incidents:incident:read', group: 'emergency', hidden: true },
      },
      {
        path: 'warnings',
        name: 'warnings',
        component: () => import('@/views/warnings/WarningList.vue'),
        meta: { title: 'menu.warnings', icon: 'Bell', permission: 'warnings:warning:read', group: 'emergency' },
      },
      {
        path: 'warnings/:id(\\d+)',
        name: 'warning',
        component: () => import('@/views/warnings/WarningDetail.vue'),
        meta: { title: 'menu.warningDetail', permission: 'warnings:warning:read', group: 'emergency', hidden: true },
      },
      {
        path: 'cases',
        name: 'cases',
        component: () => import('@/views/cases/CaseList.vue'),
        meta: { title: 'menu.cases', icon: 'Reading', permission: 'incidents:case:read', group: 'emergency' },
      },
      {
        path: 'emergency/organisation',
        name: 'emergency-organisation',
        component: () => import('@/views/emergency/OrganisationView.vue'),
        meta: {
          title: 'menu.organisation',
          icon: 'Connection',
          permission: 'emergency:organisation:read',
          group: 'emergency',
        },
      },
      {
        path: 'workers',
        name: 'workers',
        component: () => import('@/views/workforce/WorkerList.vue'),
        meta: { title: 'menu.workers', icon: 'Postcard', permission: 'workforce:worker:read', group: 'workforce' },
      },
      {
        path: 'workers/:id(\\d+)',
        name: 'worker',
        component: () => import('@/views/workforce/WorkerDetail.vue'),
        meta: { title: 'menu.workerDetail', permission: 'workforce:worker:read', group: 'workforce', hidden: true },
      },
      {
        path: 'customers',
        name: 'customers',
        component: () => import('@/views/orders/CustomerList.vue'),
        meta: { title: 'menu.customers', icon: 'User', permission: 'orders:customer:read', group: 'orders' },
      },
      {
        path: 'customers/:id(\\d+)',
        name: 'customer',
        component: () => import('@/views/orders/CustomerDetail.vue'),
        meta: { title: 'menu.customerDetail', permission: 'orders:customer:read', group: 'orders', hidden: true },
      },
      {
        path: 'orders',
        name: 'orders',
        component: () => import('@/views/orders/OrderList.vue'),
        meta: { title: 'menu.orderList', icon: 'Tickets', permission: 'orders:order:read', group: 'orders' },
      },
      {
        path: 'orders/:id(\\d+)',
        name: 'order',
        component: () => import('@/views/orders/OrderDetail.vue'),
        meta: { title: 'menu.orderDetail', permission: 'orders:order:read', group: 'orders', hidden: true },
      },
      {
        path: 'partners',
        name: 'partners',
        component: () => import('@/views/partners/PartnerList.vue'),
        meta: { title: 'menu.partners', icon: 'Shop', permission: 'partners:partner:read', group: 'orders' },
      },
      {
        path: 'partners/:id(\\d+)',
        name: 'partner',
        component: () => import('@/views/partners/PartnerDetail.vue'),
        meta: { title: 'menu.partnerDetail', permission: 'partners:partner:read', group: 'orders', hidden: true },
      },
      {
        path: 'system/users',
        name: 'users',
        component: () => import('@/views/system/users/UserList.vue'),
        meta: { title: 'menu.users', icon: 'User', permission: 'identity:user:read', group: 'system' },
      },
      {
        path: 'system/departments',
        name: 'departments',
        component: () => import('@/views/system/departments/DepartmentTree.vue'),
        meta: { title: 'menu.departments', icon: 'OfficeBuilding', permission: 'identity:department:read', group: 'system' },
      },
      {
        path: 'system/roles',
        name: 'roles',
        component: () => import('@/views/system/roles/RoleList.vue'),
        meta: { title: 'menu.roles', icon: 'Avatar', permission: 'identity:role:read', group: 'system' },
      },
      {
        path: 'system/notify',
        name: 'notify',
        component: () => import('@/views/system/notify/NotifyView.vue'),
        meta: {
          title: 'menu.notify',
          icon: 'Message',
          permission: ['notify:channel:manage', 'notify:delivery:read'],
          group: 'system',
        },
      },
      {
        path: 'audit/logs',
        name: 'audit-logs',
        component: () => import('@/views/audit/AuditLog.vue'),
        meta: { title: 'menu.auditLogs', icon: 'Document', permission: 'audit:log:read', group: 'audit' },
      },
      {
        path: 'audit/login-logs',
        name: 'login-logs',
        component: () => import('@/views/audit/LoginLog.vue'),
        meta: { title: 'menu.loginLogs', icon: 'Key', permission: 'audit:login_log:read', group: 'audit' },
      },
      {
        path: 'profile',
        name: 'profile',
        component: () => import('@/views/profile/ProfileView.vue'),
        meta: { title: 'menu.profile', icon: 'UserFilled', hidden: true },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/error/NotFound.vue'),
        meta: { title: 'menu.notFound', hidden: true },
      },
    ],
  },
];

/** Menu groups in display order; a group with no visible page is left out. */
export const MENU_GROUPS: { key: string; title: string; icon: string }[] = [
  { key: 'emergency', title: 'menu.emergency', icon: 'FirstAidKit' },
  { key: 'workforce', title: 'menu.workforce', icon: 'Suitcase' },
  { key: 'orders', title: 'menu.orders', icon: 'Tickets' },
  { key: 'system', title: 'menu.system', icon: 'Setting' },
  { key: 'audit', title: 'menu.audit', icon: 'Lock' },
];
