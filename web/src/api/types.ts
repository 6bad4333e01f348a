import type { components, paths } from './schema';

// Named shapes of the API, all taken from the generated OpenAPI types (schema.d.ts): a response is
// `ResponseOf<path, method>`, a request body `BodyOf<path, method>`, query parameters
// `QueryOf<path, method>`. Nothing here is written out by hand, so a field the server adds,
// renames or drops shows up in the type check. The two shapes the server's document leaves open
// (the session's user, the department tree's nodes) are read by the checks in decode.ts.

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** The paths that offer `M`. */
export type PathWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never;
}[keyof paths];

type Operation<P extends PathWith<M>, M extends Method> = Extract<paths[P][M], { responses: object }>;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R[Extract<keyof R, 200 | 201>];

/** The JSON answer of a successful call (its 200 or 201). */
export type ResponseOf<P extends PathWith<M>, M extends Method = 'get'> = JsonOf<Success<Operation<P, M>['responses']>>;
/** The JSON request body of a call. */
export type BodyOf<P extends PathWith<M>, M extends Method> = JsonOf<NonNullable<Operation<P, M>['requestBody']>>;
/** The query parameters of a call. */
export type QueryOf<P extends PathWith<M>, M extends Method = 'get'> = NonNullable<Operation<P, M>['parameters']['query']>;
/** One element of a list answer. */
export type ItemOf<T extends { items?: readonly unknown[] }> = NonNullable<T['items']>[number];

export type ErrorShape = components['schemas']['Error'];

// ---------------------------------------------------------------------------------------------
// Sign-in and the session.

/** Answer of sign-in, /auth/totp and /auth/me, as the document has it (readSession in decode.ts reads it). */
export type SessionAnswer = ResponseOf<'/api/v1/auth/me'>;
export type { DepartmentNode, Pending, Session, SessionUser } from './decode';

// ---------------------------------------------------------------------------------------------
// Identity: users, departments, roles, posts, permissions.

export type User = ResponseOf<'/api/v1/users/{id}'>;
export type UserPage = ResponseOf<'/api/v1/users'>;
export type NewUser = BodyOf<'/api/v1/users', 'post'>;
export type UserPatch = BodyOf<'/api/v1/users/{id}', 'patch'>;
export type UserQuery = QueryOf<'/api/v1/users'>;
export type RevealField = BodyOf<'/api/v1/users/{id}/reveal', 'post'>['field'];
export type Department = ResponseOf<'/api/v1/departments/{id}'>;
export type DepartmentKind = Department['kind'];
export type NewDepartment = BodyOf<'/api/v1/departments', 'post'>;
export type DepartmentPatch = BodyOf<'/api/v1/departments/{id}', 'patch'>;
export type Role = ResponseOf<'/api/v1/roles/{id}'>;
export type NewRole = BodyOf<'/api/v1/roles', 'post'>;
export type RolePatch = BodyOf<'/api/v1/roles/{id}', 'patch'>;
export type DataScopeName = Role['data_scope'];
export type Post = ResponseOf<'/api/v1/posts', 'post'>;
export type PermissionInfo = ItemOf<ResponseOf<'/api/v1/permissions'>>;

// ---------------------------------------------------------------------------------------------
// Audit log and login log.

export type AuditRecord = ItemOf<ResponseOf<'/api/v1/audit/logs'>>;
export type AuditQuery = QueryOf<'/api/v1/audit/logs'>;
export type Verification = ResponseOf<'/api/v1/audit/verification'>;
export type LoginLogEntry = ItemOf<ResponseOf<'/api/v1/audit/login-logs'>>;
export type LoginLogQuery = QueryOf<'/api/v1/audit/login-logs'>;

// ---------------------------------------------------------------------------------------------
// Emergency management: incidents, warnings, the emergency organisation and the inbox.

/** An incident as the server shows it to the caller (free text masked below clearance 3). */
export type Incident = ItemOf<ResponseOf<'/api/v1/incidents'>>;
export type IncidentDetail = ResponseOf<'/api/v1/incidents/{id}'>;
export type IncidentQuery = QueryOf<'/api/v1/incidents'>;
export type NewIncident = BodyOf<'/api/v1/incidents', 'post'>;
export type IncidentType = Incident['type'];
export type IncidentStatus = Incident['status'];
export type IncidentPerson = Incident['people'][number];
export type PersonRole = IncidentPerson['role'];
export type ReportingStep = IncidentDetail['steps'][number];
export type ReportingStage = ReportingStep['stage'];
export type IncidentTask = IncidentDetail['tasks'][number];
export type TaskStatus = IncidentTask['status'];
export type LevelChange = IncidentDetail['levels'][number];
export type RecordKind = BodyOf<'/api/v1/incidents/{id}/records', 'post'>['kind'];
export type TimelineEvent = ItemOf<ResponseOf<'/api/v1/incidents/{id}/timeline'>>;
export type Deadline = ItemOf<ResponseOf<'/api/v1/incidents/deadlines'>>;
export type DeadlineStage = Deadline['stage'];
/** A file attached to an incident (name and hash masked, and no download, below clearance 3 unless uploader). */
export type IncidentAttachment = ItemOf<ResponseOf<'/api/v1/incidents/{id}/attachments'>>;

export type Organisation = ResponseOf<'/api/v1/emergency/organisation'>;
export type EmergencyLeader = Organisation['leaders'][number];
export type LeaderPosition = EmergencyLeader['position'];
export type WorkingGroup = Organisation['groups'][number];
export type GroupMember = WorkingGroup['members'][number];
export type GroupRole = GroupMember['role'];
export type DepartmentDuty = Organisation['departments'][number];
export type Leaders = BodyOf<'/api/v1/emergency/leaders', 'put'>;
export type GroupMembers = BodyOf<'/api/v1/emergency/groups/{id}/members', 'put'>;

export type Warning = ResponseOf<'/api/v1/warnings/{id}'>;
export type WarningLevel = Warning['level'];
export type WarningCategory = Warning['category'];
export type NewWarning = BodyOf<'/api/v1/warnings', 'post'>;
export type WarningPatch = BodyOf<'/api/v1/warnings/{id}', 'patch'>;
export type WarningChannel = ItemOf<ResponseOf<'/api/v1/warnings/channels'>>;
export type WarningVersion = ItemOf<ResponseOf<'/api/v1/warnings/{id}/history'>>;
export type ChecklistGroup = ResponseOf<'/api/v1/warnings/{id}/checklist'>['groups'][number];
export type ChecklistItem = ChecklistGroup['items'][number];

/** One message of the caller's inbox (GET /auth/notifications, and the live stream). */
export type InboxItem = ItemOf<ResponseOf<'/api/v1/auth/notifications'>>;

// Aftermath (善后), investigation (事故调查) and published cases (案例).
export type Aftermath = ResponseOf<'/api/v1/incidents/{id}/aftermath'>;
export type InjuredPerson = Aftermath['injured'][number];
export type TreatmentStatus = InjuredPerson['status'];
export type Compensation = Aftermath['compensations'][number];
export type CompensationKind = Compensation['kind'];
export type CompensationStatus = Compensation['status'];
export type FollowUpVisit = Aftermath['visits'][number];
export type VisitMethod = FollowUpVisit['method'];
export type Investigation = ResponseOf<'/api/v1/incidents/{id}/investigation'>;
export type InvestigationPatch = BodyOf<'/api/v1/incidents/{id}/investigation', 'patch'>;
export type CorrectiveAction = Investigation['actions'][number];
export type RecoveryTask = Investigation['recovery_tasks'][number];
/** A new corrective action or recovery task (both take the same fields). */
export type NewTrackedItem = BodyOf<'/api/v1/incidents/{id}/investigation/actions', 'post'> &
  BodyOf<'/api/v1/incidents/{id}/investigation/recovery-tasks', 'post'>;
export type CaseQuery = QueryOf<'/api/v1/cases'>;
export type IncidentCase = ResponseOf<'/api/v1/cases/{id}'>;
export type AccidentGrade = IncidentCase['grade'];
export type NewCase = BodyOf<'/api/v1/incidents/{id}/case', 'post'>;

// ---------------------------------------------------------------------------------------------
// Notification channels (SMTP servers, group robots, SMS gateways) and the delivery queue.

/** A channel as listed: robot and SMS URLs come back masked, and the secret never comes back. */
export type Channel = ItemOf<ResponseOf<'/api/v1/notify/channels'>>;
export type ChannelKind = Channel['kind'];
export type NewChannel = BodyOf<'/api/v1/notify/channels', 'post'>;
export type ChannelPatch = BodyOf<'/api/v1/notify/channels/{id}', 'patch'>;
export type Delivery = ItemOf<ResponseOf<'/api/v1/notify/deliveries'>>;
export type DeliveryStatus = Delivery['status'];
export type DeliveryQuery = QueryOf<'/api/v1/notify/deliveries'>;
export type DeliveryChannel = NonNullable<DeliveryQuery['channel']>;

// ---------------------------------------------------------------------------------------------
// Workforce: service workers (服务人员, a record of their own, not user accounts), their vetting,
// certificates and health checks, and the dispatch gate.

export type ServiceType = ItemOf<ResponseOf<'/api/v1/workforce/service-types'>>;
/** A worker's file as the server shows it (class 3–4 values masked unless revealed). */
export type WorkerFile = ResponseOf<'/api/v1/workers/{id}'>;
export type WorkerPage = ResponseOf<'/api/v1/workers'>;
export type WorkerQuery = QueryOf<'/api/v1/workers'>;
export type WorkerStatus = WorkerFile['status'];
export type Employment = WorkerFile['employment'];
export type NewWorker = BodyOf<'/api/v1/workers', 'post'>;
export type WorkerPatch = BodyOf<'/api/v1/workers/{id}', 'patch'>;
export type WorkerStatusMove = BodyOf<'/api/v1/workers/{id}/status', 'post'>['status'];
export type WorkerRevealField = BodyOf<'/api/v1/workers/{id}/reveal', 'post'>['field'];
export type WorkerStatusEvent = ItemOf<ResponseOf<'/api/v1/workers/{id}/history'>>;
export type Credentials = ResponseOf<'/api/v1/workers/{id}/credentials'>;
export type BackgroundCheck = Credentials['background_checks'][number];
export type BackgroundKind = BackgroundCheck['kind'];
export type BackgroundResult = BackgroundCheck['result'];
export type NewBackgroundCheck = BodyOf<'/api/v1/workers/{id}/background-checks', 'post'>;
export type Certificate = Credentials['certificates'][number];
export type NewCertificate = BodyOf<'/api/v1/workers/{id}/certificates', 'post'>;
export type HealthCheck = Credentials['health_checks'][number];
export type HealthKind = HealthCheck['kind'];
export type NewHealthCheck = BodyOf<'/api/v1/workers/{id}/health-checks', 'post'>;
export type HealthResult = NewHealthCheck['result'];
export type HealthConsent = NonNullable<Credentials['health_consent']>;
/** The worker's integrity record (诚信档案), pay, social insurance and cases, for the file's tabs. */
export type WorkerRecords = ResponseOf<'/api/v1/workers/{id}/records'>;
export type IntegrityEntry = WorkerRecords['integrity'][number];
export type IntegrityKind = IntegrityEntry['kind'];
export type NewIntegrityEntry = BodyOf<'/api/v1/workers/{id}/integrity', 'post'>;
export type PayRecord = WorkerRecords['pay'][number];
export type NewPayRecord = BodyOf<'/api/v1/workers/{id}/pay', 'post'>;
export type SocialInsurance = BodyOf<'/api/v1/workers/{id}/social-insurance', 'put'>;
export type SocialInsuranceStatus = SocialInsurance['status'];
export type WorkerCase = WorkerRecords['cases'][number];
export type WorkerCaseKind = WorkerCase['kind'];
export type NewWorkerCase = BodyOf<'/api/v1/workers/{id}/cases', 'post'>;
export type GateAnswer = ResponseOf<'/api/v1/workers/{id}/gate'>;
export type GateReason = GateAnswer['reasons'][number];
export type SafetyColour = ResponseOf<'/api/v1/workers/{id}/safety-colour'>;
export type SafetyColourName = SafetyColour['colour'];
/** A worker's 安心码 in force: the public page's path and URL, and its QR code (an SVG document). */
export type SafetyCode = ResponseOf<'/api/v1/workers/{id}/safety-code'>;
/** What the public 安心码 page shows: surname, job types and today's colour with its reasons. */
export type PublicSafetyCode = ResponseOf<'/api/v1/public/safety-codes/{token}'>;

// ---------------------------------------------------------------------------------------------
// Orders: customers (客户), service orders (服务订单) assigned through the dispatch gate, gate
// overrides, premises checks, valuables, consents, the order's history and the customer's link.

/** A customer as the server shows it (class 3 values masked unless revealed). */
export type Customer = ResponseOf<'/api/v1/customers/{id}'>;
export type CustomerPage = ResponseOf<'/api/v1/customers'>;
export type CustomerQuery = QueryOf<'/api/v1/customers'>;
export type NewCustomer = BodyOf<'/api/v1/customers', 'post'>;
export type CustomerRevealField = BodyOf<'/api/v1/customers/{id}/reveal', 'post'>['field'];
export type Order = ResponseOf<'/api/v1/orders/{id}'>;
export type OrderPage = ResponseOf<'/api/v1/orders'>;
export type OrderQuery = QueryOf<'/api/v1/orders'>;
export type OrderStatus = Order['status'];
export type OrderSchedule = Order['schedule'];
export type NewOrder = BodyOf<'/api/v1/orders', 'post'>;
export type GateOverride = NonNullable<Order['override']>;
export type PremisesCheck = NonNullable<Order['premises']>;
export type RiskLevel = PremisesCheck['risk_level'];
export type PremisesItem = ItemOf<ResponseOf<'/api/v1/orders/premises-items'>>;
export type OrderSignoff = NonNullable<Order['signoff']>;
export type Replacement = ItemOf<ResponseOf<'/api/v1/orders/{id}/replacements'>>;
export type Valuable = ItemOf<ResponseOf<'/api/v1/orders/{id}/valuables'>>;
export type Consent = ItemOf<ResponseOf<'/api/v1/orders/{id}/consents'>>;
export type ConsentMethod = Consent['method'];
export type OrderEvent = ItemOf<ResponseOf<'/api/v1/orders/{id}/events'>>;
/** A service record, monitoring note or follow-up on the order (class 3 text). */
export type OrderNote = ItemOf<ResponseOf<'/api/v1/orders/{id}/notes'>>;
export type OrderNoteKind = OrderNote['kind'];
export type CustomerLink = ResponseOf<'/api/v1/orders/{id}/customer-link', 'post'>;
/** What the customer's link shows: the service, its time, the worker's surname and 安心码 colour. */
export type PublicOrderView = ResponseOf<'/api/v1/public/order-links/{token}'>;
export type SignoffOutcome = BodyOf<'/api/v1/public/order-links/{token}/signoff', 'post'>['outcome'];

// ---------------------------------------------------------------------------------------------
// Partners (合作方): suppliers, repairers and partner agencies with periodic evaluations.

/** A partner as the server shows it (contact phone masked below clearance 3). */
export type Partner = ItemOf<ResponseOf<'/api/v1/partners'>>;
export type PartnerDetail = ResponseOf<'/api/v1/partners/{id}'>;
export type PartnerPage = ResponseOf<'/api/v1/partners'>;
export type PartnerQuery = QueryOf<'/api/v1/partners'>;
export type NewPartner = BodyOf<'/api/v1/partners', 'post'>;
export type PartnerKind = Partner['kind'];
export type PartnerStatus = Partner['status'];
export type PartnerEvaluation = PartnerDetail['evaluations'][number];
export type EvaluationResult = PartnerEvaluation['result'];
export type NewEvaluation = BodyOf<'/api/v1/partners/{id}/evaluations', 'post'>;
