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

/**
 * Field errors from the server (details.field) for a form: bind `:error="fieldErrors.x"` on each
 * el-form-item. handle() puts a field error beside its field and toasts any other error.
 */
export function useServerErrors<F extends string>(fields: readonly F[], aliases: Partial<Record<string, F>> = {}) {
  const fieldErrors = reactive<Record<string, string>>({}) as Record<F, string>;

  function clear() {
    for (const f of fields) (fieldErrors as Record<string, string>)[f] = '';
  }
  clear();

  function handle(e: unknown): void {
    clear();
    const field = e instanceof ApiError ? (e.field ?? KEY_FIELDS[e.key]) : undefined;
    if (e instanceof ApiError && field) {
      const target = (aliases[field] ?? field) as F;
      if ((fields as readonly string[]).includes(target)) {
        // Element Plus shows :error only when it changes; clearing first makes a repeat show again.
        queueMicrotask(() => {
          (fieldErrors as Record<string, string>)[target] = errorText(e);
        });
        return;
      }
    }
    showError(e);
  }

  return { fieldErrors, clear, handle };
}
