// Service workers (服务人员) on the client: the enums the server knows, which masked values may be
// revealed at which clearance, how near a certificate's or check's end date is, the safety colour
// and the dispatch gate's answer as lists to show. The server decides everything again.
import dayjs from 'dayjs';
import { enumValues } from '@/api/enums';
import type {
  BackgroundKind,
  BackgroundResult,
  Employment,
  GateAnswer,
  GateReason,
  HealthKind,
  HealthResult,
  SafetyColourName,
  WorkerFile,
  WorkerRevealField,
  WorkerStatus,
  WorkerStatusMove,
} from '@/api/types';
import type { Problem } from './validators';

export const WORKER_STATUSES = enumValues<WorkerStatus>()(['applicant', 'active', 'suspended', 'left']);
export const EMPLOYMENTS = enumValues<Employment>()(['own', 'agency']);
export const BACKGROUND_KINDS = enumValues<BackgroundKind>()(['criminal_record', 'mental_health', 'credit']);
export const BACKGROUND_RESULTS = enumValues<BackgroundResult>()(['clear', 'flagged', 'pending']);
export const HEALTH_KINDS = enumValues<HealthKind>()(['entry', 'periodic']);
export const HEALTH_RESULTS = enumValues<HealthResult>()(['fit', 'fit_with_restrictions', 'unfit']);
export const REVEAL_FIELDS = enumValues<WorkerRevealField>()(['id_number', 'phone', 'address', 'bank_account', 'emergency_contact']);

/** Certificate kinds the server knows by name (any other text is accepted as a custom kind). */
export const CERTIFICATE_KINDS = [
  'housekeeper',
  'maternity_nurse',
  'infant_carer',
  'elderly_carer',
  'health_certificate',
  'electrician',
  'height_work',
] as const;

/** The version of the health-data consent text the UI shows (POST /workers/{id}/health-consent). */
export const HEALTH_CONSENT_VERSION = 'health-2026-01';

/** Days ahead within which an end date counts as "soon". */
export const SOON_DAYS = 30;

/** The choices of the "ending within" filter of the list. */
export const EXPIRING_CHOICES = [30, 60, 90] as const;

/** Data class of each personal field of a worker: the clearance needed to reveal it. */
export const WORKER_FIELD_CLASS: Record<WorkerRevealField, number> = {
  phone: 3,
  address: 3,
  emergency_contact: 3,
  id_number: 4,
  bank_account: 4,
};

/** Whether a user with `permissions` and `clearance` may reveal `field` of a worker. */
export function canRevealWorkerField(field: WorkerRevealField, has: (p: string) => boolean, clearance: number): boolean {
  return has('workforce:worker:reveal') && clearance >= WORKER_FIELD_CLASS[field];
}

/** The statuses a worker may be moved to from `status` (the server's allowed moves). */
export function nextStatuses(status: WorkerStatus): WorkerStatusMove[] {
  switch (status) {
    case 'applicant':
      return ['active', 'left'];
    case 'active':
      return ['suspended', 'left'];
    case 'suspended':
      return ['active', 'left'];
    default:
      return [];
  }
}

export function statusTagType(status: WorkerStatus): 'success' | 'warning' | 'danger' | 'info' {
  if (status === 'active') return 'success';
  if (status === 'suspended') return 'danger';
  if (status === 'applicant') return 'warning';
  return 'info';
}

export type Expiry = 'none' | 'ok' | 'soon' | 'expired';

/**
 * How near an end date (YYYY-MM-DD, the last valid day) is to `today`: none without a date,
 * expired once the day has passed, soon within SOON_DAYS days (the day itself included).
 */
export function expiryOf(date: string | null | undefined, today: Date = new Date(), soonDays = SOON_DAYS): Expiry {
  if (!date) return 'none';
  const end = dayjs(date);
  if (!end.isValid()) return 'none';
  const day = dayjs(today).startOf('day');
  if (end.isBefore(day, 'day')) return 'expired';
  if (end.diff(day, 'day') <= soonDays) return 'soon';
  return 'ok';
}

/** Days from `today` to an end date (negative once passed), or null without one. */
export function daysLeft(date: string | null | undefined, today: Date = new Date()): number | null {
  if (!date || !dayjs(date).isValid()) return null;
  return dayjs(date).startOf('day').diff(dayjs(today).startOf('day'), 'day');
}

/** The colours of the safety code (安心码), for the dot and the card. */
export const COLOUR_HEX: Record<SafetyColourName, string> = {
  green: '#1f9d55',
  yellow: '#e6a23c',
  red: '#d93026',
};

export function colourAlertType(colour: SafetyColourName): 'success' | 'warning' | 'error' {
  return colour === 'green' ? 'success' : colour === 'yellow' ? 'warning' : 'error';
}

/** The default period a dispatch is checked for: today 00:00 to the end of the day a week later. */
export function defaultGatePeriod(now: Date = new Date()): { from: string; to: string } {
  const start = dayjs(now).startOf('day');
  return { from: start.toISOString(), to: start.add(7, 'day').endOf('day').toISOString() };
}

export interface GateItem extends GateReason {
  /** A refusal (red) or a warning (amber). */
  severity: 'refusal' | 'warning';
}

/**
 * Every reason of a gate answer, refusals first then warnings, each once (a reason the server
 * lists under both keeps its stronger form), in the server's order within each.
 */
export function gateItems(answer: Pick<GateAnswer, 'reasons' | 'warnings'>): GateItem[] {
  const seen = new Set<string>();
  const out: GateItem[] = [];
  const add = (r: GateReason, severity: GateItem['severity']) => {
    const id = `${r.check}|${r.key}|${r.record_kind ?? ''}|${r.record_id ?? ''}|${r.date ?? ''}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ ...r, severity: severity === 'refusal' && r.warning ? 'warning' : severity });
  };
  for (const r of answer.reasons) add(r, 'refusal');
  for (const r of answer.warnings) add(r, 'warning');
  return out.sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'));
}

/** A service type's name in the UI language ("nanny" → 保姆 / Nanny), the code when unknown. */
export function serviceTypeName(
  code: string,
  types: readonly { code: string; name_zh: string; name_en: string }[],
  locale: string,
): string {
  const s = types.find((x) => x.code === code);
  if (!s) return code;
  return locale.startsWith('zh') ? s.name_zh : s.name_en;
}

/** Text fields of the worker form: trimmed, and empty ones left out (create) or cleared (edit). */
export const WORKER_TEXT_FIELDS = ['phone', 'address', 'bank_account', 'emergency_contact'] as const;

/** A form value trimmed, or null when empty. */
export function optionalText(v: string | null | undefined): string | null {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
}

/** Whether the worker's file is still editable (a leaver's is not). */
export function editable(w: Pick<WorkerFile, 'status'>): boolean {
  return w.status !== 'left';
}

/** Today's date (YYYY-MM-DD) in China Standard Time, as the server compares record dates. */
export function chinaDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * The checks of a record's dates, as the server makes them: the start (checked or issued on) is
 * required and not after today; the end, when given (or `required`), not before the start
 * (`strict`: after it, as a health check's next due date).
 */
export function datePairProblems<S extends string, E extends string>(
  start: { field: S; value: string },
  end: { field: E; value: string; required?: boolean; strict?: boolean },
  now: Date = new Date(),
): Record<S | E, Problem | null> {
  const out = { [start.field]: null, [end.field]: null } as Record<S | E, Problem | null>;
  if (!start.value) out[start.field] = { key: 'common.field_required', params: { field: start.field } };
  else if (start.value > chinaDate(now)) out[start.field] = { key: 'workforce.date_in_future', params: { field: start.field } };
  if (!end.value) {
    if (end.required) out[end.field] = { key: 'common.field_required', params: { field: end.field } };
  } else if (start.value && (end.strict ? end.value <= start.value : end.value < start.value)) {
    out[end.field] = { key: 'workforce.end_before_start', params: { field: end.field } };
  }
  return out;
}
