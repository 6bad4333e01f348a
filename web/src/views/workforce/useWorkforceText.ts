import dayjs from 'dayjs';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api, unwrap } from '@/api';
import type { ServiceType } from '@/api/types';
import { serviceTypeName } from '@/utils/workforce';

// Texts of the workforce pages: service types by their names in the UI language (the server's
// catalogue, loaded once per session), certificate and check kinds (a custom certificate kind is
// shown as typed) and dates.

const serviceTypes = ref<ServiceType[]>([]);
let loading: Promise<void> | null = null;

/** The service types (GET /workforce/service-types), loaded once. */
export function loadServiceTypes(): Promise<void> {
  if (serviceTypes.value.length > 0) return Promise.resolve();
  loading ??= unwrap(api.GET('/api/v1/workforce/service-types'))
    .then((r) => {
      serviceTypes.value = r.items;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

export function fmtDate(d: string | null | undefined): string {
  return d ? dayjs(d).format('YYYY-MM-DD') : '—';
}

export function fmtTime(ts: string | null | undefined): string {
  return ts ? dayjs(ts).format('YYYY-MM-DD HH:mm') : '—';
}

export function useWorkforceText() {
  const { t, te, locale } = useI18n();

  /** Active service types, for pickers. */
  function activeTypes(): ServiceType[] {
    return serviceTypes.value.filter((s) => s.active);
  }
  function typeName(code: string): string {
    return serviceTypeName(code, serviceTypes.value, locale.value);
  }
  function certKind(kind: string): string {
    const key = `workforce.cert.kinds.${kind}`;
    return te(key) ? t(key) : kind;
  }
  function statusLabel(status: string | null | undefined): string {
    if (!status) return '';
    const key = `workforce.statuses.${status}`;
    return te(key) ? t(key) : status;
  }

  return { serviceTypes, activeTypes, typeName, certKind, statusLabel };
}
