// Partners (合作方) on the client: the kinds and statuses the server knows, the result an
// evaluation's score gives, how near the next evaluation is, and the status moves a partner allows.
// The server decides everything again; these only decide what to show and offer.
import dayjs from 'dayjs';
import { enumValues } from '@/api/enums';
import type { EvaluationResult, Partner, PartnerKind, PartnerStatus } from '@/api/types';
import type { Problem } from '@/utils/validators';
import { chinaDate } from '@/utils/workforce';

export const PARTNER_KINDS = enumValues<PartnerKind>()(['supplier', 'repairer', 'agency', 'other']);
export const PARTNER_STATUSES = enumValues<PartnerStatus>()(['active', 'suspended', 'ended']);
export const EVALUATION_RESULTS = enumValues<EvaluationResult>()(['pass', 'conditional', 'fail']);
/** The choices of the "due within N days" filter (0: due today or overdue). */
export const DUE_CHOICES = [0, 14, 30, 90] as const;
/** Days before the next evaluation from which it shows as due soon (the server's reminder horizon). */
export const DUE_SOON_DAYS = 14;
/** The lowest score of each result (the server's evaluation_result). */
export const PASS_SCORE = 80;
export const CONDITIONAL_SCORE = 60;

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary';

/** The sum of the four criteria; a criterion not filled in counts 0. */
export function evaluationScore(points: readonly (number | null | undefined)[]): number {
  return points.reduce<number>((sum, p) => sum + (typeof p === 'number' && Number.isFinite(p) ? p : 0), 0);
}

/** The result a score gives: pass from 80, conditional from 60, fail below (which suspends the partner). */
export function evaluationResult(score: number): EvaluationResult {
  if (score >= PASS_SCORE) return 'pass';
  if (score >= CONDITIONAL_SCORE) return 'conditional';
  return 'fail';
}

export function resultTagType(result: EvaluationResult): 'success' | 'warning' | 'danger' {
  if (result === 'pass') return 'success';
  if (result === 'conditional') return 'warning';
  return 'danger';
}

export function partnerStatusTagType(status: PartnerStatus): TagType {
  if (status === 'active') return 'success';
  if (status === 'suspended') return 'danger';
  return 'info';
}

export type DueState = 'overdue' | 'soon' | 'ok' | 'none';

/**
 * How near a partner's next evaluation is: overdue as the server says (active and the date passed),
 * soon within 14 days, none for a partner not active (suspended or ended: no evaluation is asked).
 */
export function dueState(
  p: Pick<Partner, 'status' | 'next_evaluation_on' | 'evaluation_overdue'>,
  today: Date = new Date(),
  soonDays = DUE_SOON_DAYS,
): DueState {
  if (p.status !== 'active') return 'none';
  if (p.evaluation_overdue) return 'overdue';
  const days = dueInDays(p.next_evaluation_on, today);
  if (days === null) return 'none';
  if (days < 0) return 'overdue';
  return days <= soonDays ? 'soon' : 'ok';
}

/** Days from today (the company's day, China time, as the server counts) to a date; negative once passed. */
export function dueInDays(date: string | null | undefined, today: Date = new Date()): number | null {
  if (!date || !dayjs(date).isValid()) return null;
  return dayjs(date).startOf('day').diff(dayjs(chinaDate(today)).startOf('day'), 'day');
}

/** The first evaluation date, when given, may not be before today (the server's partners.first_evaluation_past). */
export function firstEvaluationProblem(value: string | null | undefined, now: Date = new Date()): Problem | null {
  if (!value) return null;
  return value < chinaDate(now) ? { key: 'partners.first_evaluation_past', params: { field: 'first_evaluation_on' } } : null;
}

/** An evaluation's date is required and not after today (the server's partners.evaluated_in_future). */
export function evaluatedOnProblem(value: string | null | undefined, now: Date = new Date()): Problem | null {
  if (!value) return { key: 'common.field_required', params: { field: 'evaluated_on' } };
  return value > chinaDate(now) ? { key: 'partners.evaluated_in_future', params: { field: 'evaluated_on' } } : null;
}

/** A criterion's points: a whole number from 0 to `max` (the server's partners.criterion_range). */
export function criterionProblem(points: number | null | undefined, max: number): Problem | null {
  const ok = typeof points === 'number' && Number.isInteger(points) && points >= 0 && points <= max;
  return ok ? null : { key: 'partners.criterion_range', params: { max } };
}

export type PartnerMove = 'suspend' | 'reinstate' | 'end';

/** The status a move sets. */
export const MOVE_STATUS: Record<PartnerMove, PartnerStatus> = { suspend: 'suspended', reinstate: 'active', end: 'ended' };

/** What may be done to a partner of `status` by someone with `has`: record an evaluation and the status moves. */
export function partnerActions(status: PartnerStatus, has: (p: string) => boolean): ('evaluate' | PartnerMove)[] {
  if (!has('partners:partner:manage') || status === 'ended') return [];
  return status === 'active' ? ['evaluate', 'suspend', 'end'] : ['evaluate', 'reinstate', 'end'];
}
