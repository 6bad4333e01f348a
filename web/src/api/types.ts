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

// ---------------------------------------------------------------------------------------------
// Emergency management: incidents, warnings, the emergency organisation and the inbox.

export type IncidentQuery = NonNullable<operations['getIncidents']['parameters']['query']>;
export type NewIncident = NonNullable<operations['postIncidents']['requestBody']>['content']['application/json'];
export type IncidentType = NewIncident['type'];
export type IncidentStatus = 'responding' | 'ended' | 'closed';
export type PersonRole = 'worker' | 'customer' | 'other';
export type ReportingStage = 'onsite' | 'department_head' | 'leadership' | 'authorities';
export type TaskStatus = 'open' | 'in_progress' | 'done' | 'cancelled';
export type RecordKind = NonNullable<
  operations['postIncidentsIdRecords']['requestBody']
>['content']['application/json']['kind'];

export interface IncidentPerson {
  id: number;
  role: PersonRole;
  user_id: number | null;
  name: string | null;
  order_ref: string | null;
  injured: boolean;
}

/** An incident as the server shows it to the caller (free text masked below clearance 3). */
export interface Incident {
  id: number;
  number: string;
  type: IncidentType;
  title: string;
  occurred_at: string;
  reported_at: string;
  department_id: number;
  reporter_id: number;
  place: string | null;
  nature: string;
  scope: string;
  deaths: number;
  injuries: number;
  description: string | null;
  measures: string | null;
  /** 1 (I, most severe) … 4 (IV). */
  level: number;
  level_name: string;
  commander_id: number | null;
  commander_rule: string | null;
  status: IncidentStatus;
  ended_at: string | null;
  ended_by: number | null;
  loss_fen: number | null;
  loss_assessment: string | null;
  people: IncidentPerson[];
  masked: boolean;
  version: number;
}

export interface ReportingStep {
  id: number;
  seq: number;
  stage: ReportingStage;
  assignee_id: number | null;
  due_at: string;
  status: 'pending' | 'done' | 'escalated';
  done_at: string | null;
  done_by: number | null;
  escalated_at: string | null;
  escalated_to: number | null;
}

export interface IncidentTask {
  id: number;
  group_code: string;
  title: string;
  owner_id: number | null;
  due_at: string | null;
  status: TaskStatus;
  version: number;
}

export interface LevelChange {
  at: string;
  by_id: number;
  from_level: number | null;
  to_level: number;
  commander_id: number | null;
  commander_rule: string;
  reason: string;
}

export interface IncidentDetail extends Incident {
  steps: ReportingStep[];
  tasks: IncidentTask[];
  levels: LevelChange[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  actor_id: number | null;
  kind: string;
  summary: string;
  note: string | null;
}

export interface Deadline {
  level: number;
  stage: 'department_head' | 'leadership' | 'authorities';
  minutes: number;
}

export interface EmergencyLeader {
  user_id: number;
  display_name: string;
  position: 'leader' | 'deputy_leader' | 'member';
  stand_in_user_id: number | null;
  away: boolean;
  sort_order: number;
}

export interface GroupMember {
  user_id: number;
  display_name: string;
  role: 'head' | 'member';
  duties: string;
  stand_in_user_id: number | null;
  away: boolean;
}

export interface WorkingGroup {
  id: number;
  code: string;
  name: string;
  duties: string;
  builtin: boolean;
  sort_order: number;
  members: GroupMember[];
  version: number;
}

export interface DepartmentDuty {
  department_id: number;
  department_name: string;
  head_user_id: number | null;
  stand_in_user_id: number | null;
  away: boolean;
  duties: string;
}

export interface Organisation {
  safety_department_id: number | null;
  leaders: EmergencyLeader[];
  groups: WorkingGroup[];
  departments: DepartmentDuty[];
  settings_version: number;
}

export type Warning = JsonOf<operations['getWarningsId']['responses'][200]>;
export type WarningLevel = Warning['level'];
export type WarningCategory = Warning['category'];
export type NewWarning = NonNullable<operations['postWarnings']['requestBody']>['content']['application/json'];
export type WarningPatch = NonNullable<operations['patchWarningsId']['requestBody']>['content']['application/json'];
export type WarningChannel = JsonOf<operations['getWarningsChannels']['responses'][200]>['items'][number];
export type WarningVersion = JsonOf<operations['getWarningsIdHistory']['responses'][200]>['items'][number];
export type ChecklistGroup = JsonOf<operations['getWarningsIdChecklist']['responses'][200]>['groups'][number];
export type ChecklistItem = ChecklistGroup['items'][number];

/** One message of the caller's inbox (GET /auth/notifications, and the live stream). */
export type InboxItem = JsonOf<operations['getAuthNotifications']['responses'][200]>['items'][number];

// Aftermath (善后), investigation (事故调查) and published cases (案例).
export type Aftermath = JsonOf<operations['getIncidentsIdAftermath']['responses'][200]>;
export type InjuredPerson = Aftermath['injured'][number];
export type TreatmentStatus = InjuredPerson['status'];
export type Compensation = Aftermath['compensations'][number];
export type CompensationKind = Compensation['kind'];
export type CompensationStatus = Compensation['status'];
export type FollowUpVisit = Aftermath['visits'][number];
export type VisitMethod = FollowUpVisit['method'];
export type Investigation = JsonOf<operations['getIncidentsIdInvestigation']['responses'][200]>;
export type InvestigationPatch = NonNullable<
  operations['patchIncidentsIdInvestigation']['requestBody']
>['content']['application/json'];
export type AccidentGrade = NonNullable<Investigation['grade']>;
export type CorrectiveAction = Investigation['actions'][number];
export type RecoveryTask = Investigation['recovery_tasks'][number];
export type CaseQuery = NonNullable<operations['getCases']['parameters']['query']>;
export type IncidentCase = JsonOf<operations['getCasesId']['responses'][200]>;
export type NewCase = NonNullable<operations['postIncidentsIdCase']['requestBody']>['content']['application/json'];

/** A file attached to an incident (name and hash masked, and no download, below clearance 3 unless uploader). */
export interface IncidentAttachment {
  id: number;
  incident_id: number;
  name: string;
  media_type: string;
  size_bytes: number;
  sha256: string | null;
  uploaded_by: number;
  uploaded_at: string;
  downloadable: boolean;
}

// ---------------------------------------------------------------------------------------------
// Notification channels (SMTP servers, group robots, SMS gateways) and the delivery queue.

/** A channel as listed: robot and SMS URLs come back masked, and the secret never comes back. */
export type Channel = JsonOf<operations['getNotifyChannels']['responses'][200]>['items'][number];
export type ChannelKind = Channel['kind'];
export type NewChannel = NonNullable<operations['postNotifyChannels']['requestBody']>['content']['application/json'];
export type ChannelPatch = NonNullable<operations['patchNotifyChannelsId']['requestBody']>['content']['application/json'];
export type Delivery = JsonOf<operations['getNotifyDeliveries']['responses'][200]>['items'][number];
export type DeliveryStatus = Delivery['status'];
export type DeliveryQuery = NonNullable<operations['getNotifyDeliveries']['parameters']['query']>;
export type DeliveryChannel = NonNullable<DeliveryQuery['channel']>;
