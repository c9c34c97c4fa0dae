// The UI language (English or Simplified Chinese), remembered, reflected in <html lang>, and the
// `t()` lookup with {name} parameters.
import { computed, effect, signal } from '@preact/signals';
import { en, type MessageKey } from './en.js';
import { zh } from './zh.js';
import { readPref, writePref } from '../prefs/stored.js';

export type Lang = 'en' | 'zh-CN';

const DICTIONARIES = { en, 'zh-CN': zh } as const;

function initialLang(): Lang {
  const stored = readPref('lang');
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The language in use. */
export const lang = signal<Lang>(initialLang());

/** The BCP 47 locale used for numbers and dates. */
export const locale = computed(() => lang.value);

/** Sets and remembers the language. */
export function setLang(next: Lang): void {
  lang.value = next;
  writePref('lang', next);
}

/** The text of `key` in the current language, `{name}` replaced from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text: string = DICTIONARIES[lang.value][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

effect(() => {
  document.documentElement.lang = lang.value;
  document.title = t('app.title');
});

export type { MessageKey };
