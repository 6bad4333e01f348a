import { useI18n } from 'vue-i18n';

// Texts of the order pages: statuses, schedules, risk levels, consent methods, kinds of notes and the
// actions of an order's history by their names in the UI language (an unknown code is shown as it is).

export function useOrdersText() {
  const { t, te } = useI18n();

  function label(prefix: string, code: string | null | undefined): string {
    if (!code) return '';
    const key = `${prefix}.${code}`;
    return te(key) ? t(key) : code;
  }

  return {
    statusLabel: (s: string | null | undefined) => label('orders.statuses', s),
    scheduleLabel: (s: string | null | undefined) => label('orders.schedules', s),
    riskLabel: (s: string | null | undefined) => label('orders.risks', s),
    methodLabel: (s: string | null | undefined) => label('orders.consents.methods', s),
    eventLabel: (s: string | null | undefined) => label('orders.events.actions', s),
    noteKindLabel: (s: string | null | undefined) => label('orders.notes.kinds', s),
  };
}
