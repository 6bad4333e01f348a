import { ElMessage } from 'element-plus';
import { reactive } from 'vue';
import { ApiError } from '@/api/errors';
import { i18n } from '@/locales';
import type { Problem } from '@/utils/validators';

type Params = Record<string, unknown>;

/** The label of a request field named in error details ("display_name" -> "姓名"). */
function fieldLabel(field: unknown): unknown {
  if (typeof field !== 'string') return field;
  const { t, te } = i18n.global;
  const key = `fields.${field}`;
  return te(key) ? t(key) : field;
}

function withLabels(params: Params | undefined): Params {
  const out: Params = { ...(params ?? {}) };
  if ('field' in out) out.field = fieldLabel(out.field);
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v)) out[k] = v.join(', ');
    else if (v !== null && typeof v === 'object') out[k] = JSON.stringify(v);
  }
  return out;
}

/** Text of a message key under errors.* (a server error key or a client check's), or null if unknown. */
export function translateKey(key: string, params?: Params): string | null {
  const { t, te } = i18n.global;
  const full = `errors.${key}`;
  if (!te(full)) return null;
  return t(full, withLabels(params) as Record<string, unknown>);
}

export function problemText(p: Problem): string {
  return translateKey(p.key, p.params) ?? p.key;
}

/**
 * The text to show for an error: the server's key translated into the UI language, else the
 * server's own message, else a generic text.
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const params: Params = { ...e.details, request_id: e.requestId, status: e.status };
    return translateKey(e.key, params) ?? (e.message || translateKey('network.unknown', params) || e.key);
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

/** Shows an error as a toast. */
export function showError(e: unknown) {
  ElMessage({ type: 'error', message: errorText(e), grouping: true, showClose: true });
}

/** Errors the server sends without details.field that still belong to one field of the form. */
const KEY_FIELDS: Record<string, string> = {
  'identity.username_taken': 'username',
  'identity.department_code_taken': 'code',
  'identity.department_name_taken': 'name',
  'identity.role_code_taken': 'code',
  'identity.post_code_taken': 'code',
  'notify.channel_name_taken': 'name',
};

export interface FieldErrorOptions<F extends string> {
  /** Request fields that a form shows under another name ("current_password" -> "current"). */
  aliases?: Partial<Record<string, F>>;
  /** Error keys without details.field that belong to a field of this form. */
  keys?: Partial<Record<string, F>>;
  /** Any other rule putting an error beside a field (e.g. every 400 into the dialog's alert). */
  route?: (e: ApiError) => F | undefined;
}

/** What FormDialog needs of a form's errors. */
export interface FormErrors {
  clear(): void;
  handle(e: unknown): void;
}

/**
 * The errors of a form, one text per field: bind `:error="fieldErrors.x"` on each el-form-item.
 * check() puts the client's own checks there, handle() a server error that names one of the
 * fields (details.field, or by its key); any other error is toasted.
 */
export function useServerErrors<F extends string>(fields: readonly F[], options: FieldErrorOptions<F> = {}) {
  const fieldErrors = reactive<Record<string, string>>({}) as Record<F, string>;

  function clear() {
    for (const f of fields) (fieldErrors as Record<string, string>)[f] = '';
  }
  clear();

  /** Shows each check's result beside its field (a problem, a ready text, or nothing); true when all passed. */
  function check(results: Partial<Record<F, Problem | string | null | undefined>>): boolean {
    let ok = true;
    for (const [f, r] of Object.entries(results) as [F, Problem | string | null | undefined][]) {
      const text = !r ? '' : typeof r === 'string' ? r : problemText(r);
      (fieldErrors as Record<string, string>)[f] = text;
      if (text) ok = false;
    }
    return ok;
  }

  function target(e: ApiError): F | undefined {
    const routed = options.keys?.[e.key] ?? options.route?.(e);
    if (routed) return routed;
    const field = e.field ?? KEY_FIELDS[e.key];
    if (!field) return undefined;
    const named = (options.aliases?.[field] ?? field) as F;
    return (fields as readonly string[]).includes(named) ? named : undefined;
  }

  function handle(e: unknown): void {
    clear();
    const field = e instanceof ApiError ? target(e) : undefined;
    if (field) {
      // Element Plus shows :error only when it changes; clearing first makes a repeat show again.
      queueMicrotask(() => {
        (fieldErrors as Record<string, string>)[field] = errorText(e);
      });
      return;
    }
    showError(e);
  }

  return { fieldErrors, clear, check, handle };
}

/** The errors of a form with (at least) the fields F, as useServerErrors makes them. */
export type FieldErrors<F extends string> = ReturnType<typeof useServerErrors<F>>;
