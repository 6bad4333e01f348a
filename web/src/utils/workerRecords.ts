// A worker's records on the client: the integrity record (诚信档案) with its violation points
// against the gate's limit, monthly pay in integer fen typed in yuan, the social-insurance status
// and the cases handled for the worker (维权、调解、法律援助、心理关怀). The server checks
// everything again; these are the same rules, so a form can say what is wrong before sending.
import { enumValues } from '@/api/enums';
import type { IntegrityKind, SocialInsuranceStatus, WorkerCase, WorkerCaseKind } from '@/api/types';
import { fenToYuan, yuanToFen } from './incident';
import type { Problem } from './validators';
import { chinaDate } from './workforce';

export const INTEGRITY_KINDS = enumValues<IntegrityKind>()(['commendation', 'complaint', 'violation']);
export const SOCIAL_INSURANCE_STATUSES = enumValues<SocialInsuranceStatus>()(['enrolled', 'not_enrolled', 'commercial_only', 'exempt']);
export const WORKER_CASE_KINDS = enumValues<WorkerCaseKind>()(['grievance', 'mediation', 'legal_aid', 'psych_support']);

/** Points within this many of the limit are "near" it (the gate then warns). */
export const POINTS_NEAR_MARGIN = 3;

export type PointsLevel = 'ok' | 'near' | 'reached';

/** Where a worker's points stand against the limit, as the gate judges them. */
export function pointsLevel(points: number, max: number): PointsLevel {
  if (points >= max) return 'reached';
  if (points > 0 && points >= max - POINTS_NEAR_MARGIN) return 'near';
  return 'ok';
}

/** The tag and progress colour of a points level: red at the limit, orange near it. */
export function pointsTagType(level: PointsLevel): 'success' | 'warning' | 'danger' {
  return level === 'reached' ? 'danger' : level === 'near' ? 'warning' : 'success';
}

/** The share of the limit used, 0–100 (for a progress bar). */
export function pointsPercent(points: number, max: number): number {
  if (max <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((points / max) * 100)));
}

export function integrityKindType(kind: IntegrityKind): 'success' | 'warning' | 'danger' {
  return kind === 'commendation' ? 'success' : kind === 'complaint' ? 'warning' : 'danger';
}

export function socialInsuranceType(status: SocialInsuranceStatus): 'success' | 'warning' | 'danger' | 'info' {
  if (status === 'enrolled') return 'success';
  if (status === 'commercial_only') return 'warning';
  if (status === 'not_enrolled') return 'danger';
  return 'info';
}

/** Whether a case's texts are class 4 (psychological support), as the server's data_class says. */
export function caseSensitive(k: Pick<WorkerCase, 'data_class'>): boolean {
  return k.data_class >= 4;
}

/** "YYYY-MM" with a month 01–12 (the server's valid_period). */
export function validPeriod(period: string): boolean {
  const m = /^\d{4}-(\d{2})$/.exec(period);
  if (!m) return false;
  const month = Number(m[1]);
  return month >= 1 && month <= 12;
}

/** The checks of a month's pay typed in yuan, as the server makes them on the amounts in fen. */
export function payProblems(
  form: { period: string; gross: string; deductions: string; paid_on: string },
  maxFen: number,
  now: Date = new Date(),
): { period: Problem | null; gross_fen: Problem | null; deductions_fen: Problem | null; paid_on: Problem | null } {
  const today = chinaDate(now);
  let period: Problem | null = null;
  if (!form.period) period = { key: 'common.field_required', params: { field: 'period' } };
  else if (!validPeriod(form.period)) period = { key: 'workforce.pay_period_invalid', params: { field: 'period' } };
  else if (form.period > today.slice(0, 7)) period = { key: 'workforce.date_in_future', params: { field: 'period' } };

  const amount = (text: string, field: 'gross_fen' | 'deductions_fen'): { fen: number | null; problem: Problem | null } => {
    if (text.trim() === '') return { fen: null, problem: { key: 'common.field_required', params: { field } } };
    const fen = yuanToFen(text);
    if (fen === null) return { fen, problem: { key: 'common.field_format', params: { field, format: '0.00' } } };
    if (fen > maxFen) return { fen, problem: { key: 'common.field_too_large', params: { field, max: fenToYuan(maxFen) } } };
    return { fen, problem: null };
  };
  const gross = amount(form.gross, 'gross_fen');
  const deductions = amount(form.deductions, 'deductions_fen');
  if (!deductions.problem && !gross.problem && deductions.fen! > gross.fen!) {
    deductions.problem = { key: 'workforce.pay_deductions_exceed', params: { field: 'deductions_fen' } };
  }
  const paid_on = form.paid_on && form.paid_on > today ? { key: 'workforce.date_in_future', params: { field: 'paid_on' } } : null;
  return { period, gross_fen: gross.problem, deductions_fen: deductions.problem, paid_on };
}

/** Net pay in fen from the typed yuan, or null while either amount is not valid. */
export function netFenOf(gross: string, deductions: string): number | null {
  const g = yuanToFen(gross);
  const d = yuanToFen(deductions);
  if (g === null || d === null || d > g) return null;
  return g - d;
}

/** A record's date: required and not after today (China Standard Time), as the server checks it. */
export function recordDateProblem(field: string, value: string, now: Date = new Date()): Problem | null {
  if (!value) return { key: 'common.field_required', params: { field } };
  return value > chinaDate(now) ? { key: 'workforce.date_in_future', params: { field } } : null;
}

/** A violation's points: 1 to `max`; other kinds carry none. */
export function pointsProblem(kind: IntegrityKind, points: number | null | undefined, max: number): Problem | null {
  if (kind !== 'violation') return null;
  const n = points ?? 0;
  return Number.isInteger(n) && n >= 1 && n <= max ? null : { key: 'workforce.violation_points', params: { field: 'points', max } };
}
