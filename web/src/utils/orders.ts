// Service orders (服务订单) on the client: the statuses and schedules the server knows, the actions an
// order's status and the user's permissions allow, the colours of statuses and premises risk levels,
// and the dispatch gate's refusal as the 409 of an assignment carries it. The server decides
// everything again; these only decide what to offer.
import { enumValues } from '@/api/enums';
import { ApiError } from '@/api/errors';
import type {
  ConsentMethod,
  CustomerRevealField,
  GateReason,
  Order,
  OrderNoteKind,
  OrderSchedule,
  OrderStatus,
  PremisesCheck,
  RiskLevel,
  SignoffOutcome,
} from '@/api/types';

export const ORDER_STATUSES = enumValues<OrderStatus>()([
  'draft',
  'scheduled',
  'in_service',
  'completed',
  'confirmed',
  'disputed',
  'cancelled',
]);
export const SCHEDULES = enumValues<OrderSchedule>()(['one_off', 'recurring', 'live_in']);
export const RISK_LEVELS = enumValues<RiskLevel>()(['low', 'medium', 'high', 'extreme']);
export const CONSENT_METHODS = enumValues<ConsentMethod>()(['tick', 'sms_code']);
export const CUSTOMER_REVEAL_FIELDS = enumValues<CustomerRevealField>()(['phone', 'address', 'household_notes']);
export const SIGNOFF_OUTCOMES = enumValues<SignoffOutcome>()(['no_damage', 'damage']);
export const NOTE_KINDS = enumValues<OrderNoteKind>()(['service_record', 'monitoring', 'follow_up']);

/** The fewest characters of an override's reason (the server's orders.override_reason_short). */
export const OVERRIDE_REASON_MIN = 10;

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

export function orderStatusTagType(status: OrderStatus): TagType {
  switch (status) {
    case 'draft':
      return 'info';
    case 'scheduled':
      return 'primary';
    case 'in_service':
      return 'warning';
    case 'completed':
    case 'confirmed':
      return 'success';
    case 'disputed':
      return 'danger';
    default:
      return 'info';
  }
}

/** The tag colour of a premises risk level: green, amber, red, and red (dark) for extreme. */
export function riskTagType(level: RiskLevel): 'success' | 'warning' | 'danger' {
  if (level === 'low') return 'success';
  if (level === 'medium') return 'warning';
  return 'danger';
}

/** High and extreme risks hold the check-in until acknowledged and approved (as the server has it). */
export function riskBlocks(level: RiskLevel): boolean {
  return level === 'high' || level === 'extreme';
}

/** Whether an order can still change (draft, scheduled or in service). */
export function isOpen(status: OrderStatus): boolean {
  return status === 'draft' || status === 'scheduled' || status === 'in_service';
}

export type OrderAction = 'assign' | 'checkIn' | 'checkOut' | 'cancel' | 'link' | 'override' | 'premises';

/**
 * The actions the header offers for an order, in display order: assign (draft or scheduled),
 * check in (scheduled with a worker), check out (in service), cancel (any open order), issue the
 * customer's link (not cancelled) and fill the premises check (draft or scheduled) with
 * orders:order:manage; ask for a gate override (draft or scheduled) with workforce:gate:override.
 */
export function orderActions(order: Pick<Order, 'status' | 'worker_id'>, has: (p: string) => boolean): OrderAction[] {
  const out: OrderAction[] = [];
  const s = order.status;
  const before = s === 'draft' || s === 'scheduled';
  if (has('orders:order:manage')) {
    if (before) out.push('assign');
    if (s === 'scheduled' && order.worker_id) out.push('checkIn');
    if (s === 'in_service') out.push('checkOut');
    if (s !== 'cancelled') out.push('link');
    if (before) out.push('premises');
    if (isOpen(s)) out.push('cancel');
  }
  if (before && has('workforce:gate:override')) out.push('override');
  return out;
}

export interface PremisesActions {
  /** The worker or dispatcher confirms the precautions. */
  acknowledge: boolean;
  /** A supervisor approves the start of a high-risk service. */
  approve: boolean;
}

/**
 * What can be done with a filled premises check: acknowledge it (orders:order:manage, not yet
 * acknowledged) and, for a high or extreme risk, approve it once acknowledged (orders:premises:approve,
 * not yet approved), only while the order has not started.
 */
export function premisesActions(
  premises: Pick<PremisesCheck, 'risk_level' | 'acknowledged_at' | 'approved_at'> | null | undefined,
  status: OrderStatus,
  has: (p: string) => boolean,
): PremisesActions {
  const none = { acknowledge: false, approve: false };
  if (!premises || (status !== 'draft' && status !== 'scheduled')) return none;
  return {
    acknowledge: has('orders:order:manage') && !premises.acknowledged_at,
    approve:
      has('orders:premises:approve') && riskBlocks(premises.risk_level) && !!premises.acknowledged_at && !premises.approved_at,
  };
}

/** Data class of each personal field of a customer: the clearance needed to reveal it. */
export const CUSTOMER_FIELD_CLASS: Record<CustomerRevealField, number> = { phone: 3, address: 3, household_notes: 3 };

export function canRevealCustomerField(field: CustomerRevealField, has: (p: string) => boolean, clearance: number): boolean {
  return has('orders:customer:reveal') && clearance >= CUSTOMER_FIELD_CLASS[field];
}

export interface GateRefusal {
  workerId: number | null;
  reasons: GateReason[];
  warnings: GateReason[];
}

function reasonList(v: unknown): GateReason[] {
  if (!Array.isArray(v)) return [];
  return v.filter((r): r is GateReason => !!r && typeof r === 'object' && typeof (r as GateReason).message === 'string');
}

/**
 * The dispatch gate's refusal carried by an assignment's (or a check-in's) 409
 * orders.gate_refused: the worker and every reason and warning, as the gate's own answer lists
 * them. Null for any other error.
 */
export function gateRefusal(e: unknown): GateRefusal | null {
  if (!(e instanceof ApiError) || e.key !== 'orders.gate_refused') return null;
  const id = e.details.worker_id;
  return {
    workerId: typeof id === 'number' && id > 0 ? id : null,
    reasons: reasonList(e.details.reasons),
    warnings: reasonList(e.details.warnings),
  };
}

/**
 * The checks of an override request before it is sent, as the server makes them: a reason of at
 * least OVERRIDE_REASON_MIN characters, a named approver who is not the requester, and an expiry
 * after now and not after the order's end.
 */
export function overrideProblems(
  input: { reason: string; approverId: number | null; expiresAt: string; requesterId: number | null },
  orderEnd: string,
  now: Date = new Date(),
): { reason: string | null; approver_id: string | null; expires_at: string | null } {
  const out = { reason: null as string | null, approver_id: null as string | null, expires_at: null as string | null };
  if ([...input.reason.trim()].length < OVERRIDE_REASON_MIN) out.reason = 'orders.override_reason_short';
  if (!input.approverId) out.approver_id = 'common.field_required';
  else if (input.requesterId !== null && input.approverId === input.requesterId) out.approver_id = 'orders.override_self_approval';
  const at = Date.parse(input.expiresAt);
  if (!input.expiresAt || Number.isNaN(at)) out.expires_at = 'common.field_required';
  else if (at <= now.getTime() || at > Date.parse(orderEnd)) out.expires_at = 'orders.override_expiry_invalid';
  return out;
}

/** The answers of a premises checklist to send: every item of the list, "no" unless ticked "yes". */
export function premisesAnswers(codes: readonly string[], yes: Readonly<Record<string, boolean | null | undefined>>): Record<string, boolean> {
  return Object.fromEntries(codes.map((c) => [c, yes[c] === true]));
}

/** The order's period as the server's list filter wants it ("from" inclusive, "to" exclusive). */
export function orderPeriodQuery(from: string, to: string): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (from && !Number.isNaN(Date.parse(from))) out.from = new Date(from).toISOString();
  if (to && !Number.isNaN(Date.parse(to))) out.to = new Date(to).toISOString();
  return out;
}

export interface ReasonItem extends GateReason {
  /** A refusal (red) or a warning (amber). */
  severity: 'refusal' | 'warning';
}

/**
 * Every reason of a gate answer or refusal to list, refusals first then warnings, in the server's
 * order within each. Two reasons differ when their message does (two missing background checks of
 * different kinds share a key but not a text); one listed under both keeps its stronger form, and a
 * reason the server marks as a warning is shown as one.
 */
export function reasonItems(reasons: readonly GateReason[], warnings: readonly GateReason[]): ReasonItem[] {
  const seen = new Set<string>();
  const out: ReasonItem[] = [];
  const add = (r: GateReason, severity: ReasonItem['severity']) => {
    const id = [r.check, r.key, r.message, r.record_kind ?? '', r.record_id ?? '', r.date ?? ''].join('|');
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ ...r, severity: severity === 'refusal' && r.warning ? 'warning' : severity });
  };
  for (const r of reasons) add(r, 'refusal');
  for (const r of warnings) add(r, 'warning');
  return out.sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'));
}
