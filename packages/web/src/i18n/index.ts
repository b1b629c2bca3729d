/**
 * i18next with the two complete catalogues. Each feature keeps its texts in its own file per language
 * (`en/leads.json` holds the `leads.*` keys), so features grow without touching one shared file; a test checks that
 * both languages have exactly the same keys. The language is the person's choice, remembered on this device.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/client';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'closeloop.language';

function initialLanguage(): Language {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

type Catalogue = Record<string, unknown>;
const files = import.meta.glob<Catalogue>('./*/*.json', { eager: true, import: 'default' });

function catalogue(lang: Language): Catalogue {
  const out: Catalogue = {};
  for (const [file, texts] of Object.entries(files)) {
    const match = /^\.\/([^/]+)\/([^/]+)\.json$/.exec(file);
    if (match?.[1] === lang && match[2]) out[match[2]] = texts;
  }
  return out;
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: catalogue('en') }, 'zh-CN': { translation: catalogue('zh-CN') } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
setRequestLanguage(i18n.language);
document.documentElement.lang = i18n.language;

export function changeLanguage(lang: Language): void {
  localStorage.setItem(storageKey, lang);
  setRequestLanguage(lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
