import { useI18n } from 'vue-i18n';

// Texts of the partner pages: kinds, statuses, evaluation results and the reasons the server
// writes by their names in the UI language (an unknown code, or a reason typed by a person, is
// shown as it is).

export function usePartnersText() {
  const { t, te } = useI18n();

  function label(prefix: string, code: string | null | undefined): string {
    if (!code) return '';
    const key = `${prefix}.${code}`;
    return te(key) ? t(key) : code;
  }

  return {
    kindLabel: (s: string | null | undefined) => label('partners.kinds', s),
    statusLabel: (s: string | null | undefined) => label('partners.statuses', s),
    resultLabel: (s: string | null | undefined) => label('partners.results', s),
    reasonLabel: (s: string | null | undefined) => label('partners.reasons', s),
  };
}
