import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createI18n } from 'vue-i18n';
import enUS from './en-US';
import zhCN, { type LocaleMessages } from './zh-CN';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: Locale[] = ['zh-CN', 'en-US'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'anxin.locale';

declare module 'vue-i18n' {
  // Typed message keys for t() everywhere.
  export interface DefineLocaleMessage extends LocaleMessages {}
}

function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v && (LOCALES as string[]).includes(v)) return v as Locale;
  } catch {
    // storage unavailable (private mode): use the default
  }
  return DEFAULT_LOCALE;
}

export const i18n = createI18n<[LocaleMessages], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
  missingWarn: false,
  fallbackWarn: false,
});

function applyLocale(locale: Locale) {
  document.documentElement.lang = locale;
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}
applyLocale(i18n.global.locale.value as Locale);

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

/** Switches the UI language, remembers it, and (through the API client) tells the server. */
export function setLocale(locale: Locale) {
  i18n.global.locale.value = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered; still switched
  }
  applyLocale(locale);
}
