// Incidents on the client: the enums the server knows, level colours, and the checks of the report
// form mirroring the server's schema: the limits of its OpenAPI document (src/api/limits.ts),
// failures named by the same message keys. The server checks everything again.
import { enumValues, isOneOf, rangeOf } from '@/api/enums';
import { bodyLimits, queryLimits } from '@/api/limits';
import type {
  AccidentGrade,
  CompensationKind,
  CompensationStatus,
  CorrectiveAction,
  DeadlineStage,
  IncidentStatus,
  IncidentType,
  NewIncident,
  PersonRole,
  RecordKind,
  RecoveryTask,
  TaskStatus,
  TreatmentStatus,
  VisitMethod,
} from '@/api/types';
import { charLength, type NumberLimit, type Problem, type TextLimit } from './validators';

/** The incident types (INC-1), in the order of the server's enum. */
export const INCIDENT_TYPES = enumValues<IncidentType>()([
  'customer_injury',
  'worker_injury',
  'property_damage',
  'theft',
  'group_complaint',
  'violence',
  'fire',
  'natural_disaster',
  'public_health',
  'system_failure',
  'information_leak',
  'other',
]);

/** The response levels, 1 (I, most severe) … 4 (IV): the bounds of a report's level. */
export const LEVELS: readonly number[] = rangeOf(bodyLimits.postIncidents.level);
export const LEVEL_ROMAN: Record<number, string> = { 1: 'I', 2: 'II', 3: 'III', 4: 'IV' };
/** Tag colours of the response levels: I red, II orange, III yellow, IV blue (as for warnings). */
export const LEVEL_COLOUR: Record<number, { bg: string; fg: string }> = {
  1: { bg: '#c42d2d', fg: '#ffffff' },
  2: { bg: '#b3541e', fg: '#ffffff' },
  3: { bg: '#f2c94c', fg: '#3b2f00' },
  4: { bg: '#1d64d8', fg: '#ffffff' },
};

export const STATUSES = enumValues<IncidentStatus>()(['responding', 'ended', 'closed']);
export const PERSON_ROLES = enumValues<PersonRole>()(['worker', 'customer', 'other']);
export const TASK_STATUSES = enumValues<TaskStatus>()(['open', 'in_progress', 'done', 'cancelled']);
/** On-site records (INC-6); "message" is a plain note. */
export const RECORD_KINDS = enumValues<RecordKind>()([
  'rescue',
  'evacuation',
  'customer_reassurance',
  'order_keeping',
  'scene_preservation',
  'message',
]);
export const DEADLINE_STAGES = enumValues<DeadlineStage>()(['department_head', 'leadership', 'authorities']);

// Aftermath and investigation (the server's enums).
export const TREATMENT_STATUSES = enumValues<TreatmentStatus>()(['hospitalised', 'outpatient', 'discharged', 'recovered', 'deceased']);
export const COMPENSATION_KINDS = enumValues<CompensationKind>()(['medical', 'lost_wages', 'nutrition', 'property', 'other']);
/** A compensation moves one step at a time: proposed → approved → paid. */
export const COMPENSATION_NEXT: Record<CompensationStatus, CompensationStatus | null> = {
  proposed: 'approved',
  approved: 'paid',
  paid: null,
};
/** The satisfaction scores of a follow-up visit. */
export const SATISFACTION_SCORES: readonly number[] = rangeOf(bodyLimits.postIncidentsIdAftermathVisits.satisfaction);
export const VISIT_METHODS = enumValues<VisitMethod>()(['phone', 'visit', 'wechat', 'other']);
export const ACCIDENT_GRADES = enumValues<AccidentGrade>()(['especially_serious', 'serious', 'major', 'general']);
/** A corrective action: open → done → verified (or back to open). */
export const ACTION_NEXT: Record<CorrectiveAction['status'], CorrectiveAction['status'][]> = {
  open: ['done'],
  done: ['verified', 'open'],
  verified: [],
};
export const RECOVERY_STATUSES = enumValues<RecoveryTask['status']>()(['open', 'in_progress', 'done']);

export function levelRoman(level: number | null | undefined): string {
  return LEVEL_ROMAN[level ?? 4] ?? String(level);
}

/** The server refuses an occurrence more than 5 minutes ahead of its clock (its rule, not a schema limit). */
export const FUTURE_SLACK_MS = 5 * 60 * 1000;

/** Like the server: control characters other than tab, CR and LF are refused. */
function hasControlChars(s: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s);
}

/**
 * A text field within `limit` (a field of src/api/limits.ts; no minLength: optional). Same keys as
 * the server's schema check.
 */
export function checkField(value: string, field: string, limit: TextLimit): Problem | null {
  const min = limit.minLength ?? 0;
  const max = limit.maxLength;
  const n = charLength(value);
  if (n === 0 && min > 0) return { key: 'common.field_required', params: { field } };
  if (hasControlChars(value)) return { key: 'common.field_control_chars', params: { field } };
  if (n > max) return { key: 'common.field_too_long', params: { field, max } };
  if (n < min) return { key: 'common.field_too_short', params: { field, min } };
  return null;
}

/** A whole number within `limit` (a field of src/api/limits.ts). */
export function checkCount(value: unknown, field: string, limit: NumberLimit): Problem | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n)) return { key: 'common.field_type', params: { field, expected: 'integer' } };
  if (limit.minimum !== undefined && n < limit.minimum) return { key: 'common.field_too_small', params: { field, min: limit.minimum } };
  if (limit.maximum !== undefined && n > limit.maximum) return { key: 'common.field_too_large', params: { field, max: limit.maximum } };
  return null;
}

export function checkType(value: unknown): Problem | null {
  if (value === null || value === undefined || value === '') return { key: 'common.field_required', params: { field: 'type' } };
  return isOneOf(INCIDENT_TYPES, value) ? null : { key: 'common.field_enum', params: { field: 'type' } };
}

/** When it happened: a real time, not in the future (beyond the server's slack). */
export function checkOccurredAt(value: Date | string | null | undefined, now: Date = new Date()): Problem | null {
  if (value === null || value === undefined || value === '') return null;
  const t = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(t)) return { key: 'common.field_format', params: { field: 'occurred_at', format: 'date-time' } };
  return t > now.getTime() + FUTURE_SLACK_MS ? { key: 'incidents.occurred_in_future' } : null;
}

/** Yuan typed by a person ("1,234.5") to fen for the server; null for an empty or invalid value. */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const s = String(input).replace(/[,，\s¥￥]/g, '');
  if (s === '') return null;
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const fen = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return Number.isSafeInteger(fen) ? fen : null;
}

export function checkYuan(input: string): Problem | null {
  if (input.trim() === '') return null;
  return yuanToFen(input) === null ? { key: 'common.field_format', params: { field: 'loss', format: '0.00' } } : null;
}

/** Fen as yuan for display: 123456 -> "1,234.56". */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const yuan = Math.floor(fen / 100);
  const rest = String(fen % 100).padStart(2, '0');
  return `${yuan.toLocaleString('en-US')}.${rest}`;
}

// ---------------------------------------------------------------------------------------------
// The report form.

/** A worker or customer record picked for a person: its id and the name to show. */
export interface RecordRef {
  id: number;
  name: string;
}

/** A service order picked for a person, with the customer and worker it names. */
export interface OrderRef {
  id: number;
  number: string;
  customer_id: number;
  customer_name: string;
  worker_id: number | null;
  worker_name: string | null;
}

/**
 * A person of the report. A worker or customer may be picked from the records (and an order for
 * either); without a record the name and order number are typed as free text.
 */
export interface PersonForm {
  role: PersonRole;
  name: string;
  order_ref: string;
  injured: boolean;
  worker?: RecordRef | null;
  customer?: RecordRef | null;
  order?: OrderRef | null;
}

export interface ReportForm {
  type: IncidentType | '';
  title: string;
  occurred_at: Date | null;
  department_id: number | null;
  level: number;
  place: string;
  nature: string;
  scope: string;
  deaths: number;
  injuries: number;
  description: string;
  measures: string;
  people: PersonForm[];
}

export function blankReport(departmentId: number | null, now: Date = new Date()): ReportForm {
  return {
    type: '',
    title: '',
    occurred_at: now,
    department_id: departmentId,
    level: 4,
    place: '',
    nature: '',
    scope: '',
    deaths: 0,
    injuries: 0,
    description: '',
    measures: '',
    people: [],
  };
}

export function blankPerson(role: PersonRole = 'customer'): PersonForm {
  return { role, name: '', order_ref: '', injured: false, worker: null, customer: null, order: null };
}

/** The record a person of this role is picked from ('other' has none). */
export function personRecord(p: PersonForm): RecordRef | null {
  if (p.role === 'worker') return p.worker ?? null;
  if (p.role === 'customer') return p.customer ?? null;
  return null;
}

/** The order of a person, when one is picked and the role takes one. */
export function personOrder(p: PersonForm): OrderRef | null {
  return p.role === 'other' ? null : (p.order ?? null);
}

/**
 * Picks (or clears, with null) a person's order: a customer person takes the order's customer, a
 * worker person its worker (when it has one); the order's number replaces a typed one.
 */
export function pickOrder(p: PersonForm, o: OrderRef | null): void {
  p.order = o;
  if (!o) return;
  p.order_ref = '';
  if (p.role === 'customer') p.customer = { id: o.customer_id, name: o.customer_name };
  if (p.role === 'worker' && o.worker_id !== null) p.worker = { id: o.worker_id, name: o.worker_name ?? '' };
}

/**
 * Picks (or clears) a person's worker or customer record, by the person's role. An order picked
 * before that names someone else is dropped, so the two never disagree.
 */
export function pickRecord(p: PersonForm, r: RecordRef | null): void {
  if (p.role === 'worker') {
    p.worker = r;
    if (r && p.order && p.order.worker_id !== r.id) p.order = null;
  } else if (p.role === 'customer') {
    p.customer = r;
    if (r && p.order && p.order.customer_id !== r.id) p.order = null;
  }
}

/** The filter of GET /orders for a person's order picker: the orders of the record picked. */
export function orderFilterFor(p: PersonForm): { worker_id?: number; customer_id?: number } {
  const r = personRecord(p);
  if (!r) return {};
  return p.role === 'worker' ? { worker_id: r.id } : { customer_id: r.id };
}

/**
 * The orders matching what was typed in the order picker (part of the number, the customer's or
 * the worker's name; case and surrounding spaces ignored), the latest first, at most `limit`.
 */
export function matchOrders<T extends { number: string; customer_name: string; worker_name?: string | null; starts_at: string }>(
  orders: readonly T[],
  typed: string,
  limit = 20,
): T[] {
  const q = typed.trim().toLowerCase();
  const hits = q
    ? orders.filter((o) => [o.number, o.customer_name, o.worker_name ?? ''].some((v) => v.toLowerCase().includes(q)))
    : [...orders];
  return hits.sort((a, b) => (a.starts_at < b.starts_at ? 1 : a.starts_at > b.starts_at ? -1 : 0)).slice(0, limit);
}

/**
 * Every problem of a report, by form field (people[i].name for a person's field), as the server
 * would find them. Empty when the report can be sent.
 */
export function reportProblems(f: ReportForm, now: Date = new Date()): Record<string, Problem> {
  const out: Record<string, Problem> = {};
  const put = (field: string, p: Problem | null) => {
    if (p && !out[field]) out[field] = p;
  };
  put('type', checkType(f.type));
  const L = bodyLimits.postIncidents;
  put('title', checkField(f.title.trim(), 'title', L.title));
  if (f.department_id === null || !(f.department_id >= 1)) {
    put('department_id', { key: 'common.field_required', params: { field: 'department_id' } });
  }
  put('occurred_at', checkOccurredAt(f.occurred_at, now));
  if (!LEVELS.includes(f.level)) put('level', { key: 'emergency.level_invalid' });
  put('place', checkField(f.place, 'place', L.place));
  put('nature', checkField(f.nature, 'nature', L.nature));
  put('scope', checkField(f.scope, 'scope', L.scope));
  put('deaths', checkCount(f.deaths, 'deaths', L.deaths));
  put('injuries', checkCount(f.injuries, 'injuries', L.injuries));
  put('description', checkField(f.description, 'description', L.description));
  put('measures', checkField(f.measures, 'measures', L.measures));
  if (f.people.length > L.people.maxItems) {
    put('people', { key: 'common.too_many_items', params: { field: 'people', max: L.people.maxItems } });
  }
  f.people.forEach((p, i) => {
    if (!PERSON_ROLES.includes(p.role)) put(`people[${i}].role`, { key: 'common.field_enum', params: { field: 'role' } });
    put(`people[${i}].name`, checkField(p.name, 'name', L['people[].name']));
    put(`people[${i}].order_ref`, checkField(p.order_ref, 'order_ref', L['people[].order_ref']));
  });
  return out;
}

/** The request body of a report: empty optional texts left out, the time as RFC 3339. */
export function reportBody(f: ReportForm): NewIncident {
  const body: NewIncident = {
    type: f.type as IncidentType,
    title: f.title.trim(),
    department_id: f.department_id ?? 0,
    level: f.level,
    deaths: Number(f.deaths) || 0,
    injuries: Number(f.injuries) || 0,
  };
  if (f.occurred_at) body.occurred_at = f.occurred_at.toISOString();
  const text = (v: string) => v.trim();
  if (text(f.place)) body.place = text(f.place);
  if (text(f.nature)) body.nature = text(f.nature);
  if (text(f.scope)) body.scope = text(f.scope);
  if (text(f.description)) body.description = text(f.description);
  if (text(f.measures)) body.measures = text(f.measures);
  if (f.people.length > 0) {
    body.people = f.people.map((p) => {
      const record = personRecord(p);
      const order = personOrder(p);
      return {
        role: p.role,
        // A picked record gives the name (the server fills it in); typed text is for people without one.
        name: record ? null : text(p.name) || null,
        order_ref: order ? null : text(p.order_ref) || null,
        injured: p.injured,
        worker_id: p.role === 'worker' ? (record?.id ?? null) : null,
        customer_id: p.role === 'customer' ? (record?.id ?? null) : null,
        order_id: order?.id ?? null,
      };
    });
  }
  return body;
}

/** What a reported person names: the records picked (null in reports made before records were linked). */
export interface PersonLinks {
  worker_id?: number | null;
  customer_id?: number | null;
  order_id?: number | null;
}

/**
 * The pages a reported person links to, for someone holding the permissions `can` answers for:
 * the worker's file or the customer's page, and the order's page. Null where there is no record
 * (or no permission to open it); the typed name and order number are then shown as text.
 */
export function personLinks(p: PersonLinks, can: (permission: string) => boolean): { record: string | null; order: string | null } {
  let record: string | null = null;
  if (p.worker_id && can('workforce:worker:read')) record = `/workers/${p.worker_id}`;
  else if (p.customer_id && can('orders:customer:read')) record = `/customers/${p.customer_id}`;
  const order = p.order_id && can('orders:order:read') ? `/orders/${p.order_id}` : null;
  return { record, order };
}

/**
 * Where a server field name points in the form: "people[2].name" stays as is, "occurred_at" too;
 * unknown fields give null (the error is shown as a message instead).
 */
export function reportField(serverField: string | undefined): string | null {
  if (!serverField) return null;
  if (/^people\[\d+\]\.(role|name|order_ref|injured|worker_id|customer_id|order_id)$/.test(serverField)) return serverField;
  const known = [
    'type',
    'title',
    'occurred_at',
    'department_id',
    'level',
    'place',
    'nature',
    'scope',
    'deaths',
    'injuries',
    'description',
    'measures',
    'people',
  ];
  return known.includes(serverField) ? serverField : null;
}

// ---------------------------------------------------------------------------------------------
// Attachments (POST /api/v1/incidents/{id}/attachments: the raw file, its name in ?name=).

/** What the server accepts (it also checks that the content matches the declared type). */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
  'video/mp4',
] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENT_NAME = queryLimits.postIncidentsIdAttachments.name.maxLength;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
  'video/mp4': 'mp4',
};

/** Why a file cannot be attached, or null. */
export function attachmentProblem(file: { size: number; type: string }): Problem | null {
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) {
    return { key: 'common.upload_media_type', params: { allowed: ATTACHMENT_TYPES.join(', ') } };
  }
  if (file.size > MAX_ATTACHMENT_BYTES) return { key: 'common.payload_too_large', params: { max_bytes: MAX_ATTACHMENT_BYTES } };
  if (file.size === 0) return { key: 'common.body_required' };
  return null;
}

/**
 * A file name the server takes: no directories or control characters, at most 120 characters
 * (the extension kept); a camera photo without a usable name gets one from the time.
 */
export function safeFileName(name: string, type: string, now: Date = new Date()): string {
  let base = name.split(/[\\/]/).pop() ?? '';
  base = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base === '' || base === '.' || base === '..') {
    const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
    base = `photo-${stamp}.${EXTENSIONS[type] ?? 'bin'}`;
  }
  const chars = [...base];
  if (chars.length <= MAX_ATTACHMENT_NAME) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return chars.slice(0, MAX_ATTACHMENT_NAME - [...ext].length).join('') + ext;
}
