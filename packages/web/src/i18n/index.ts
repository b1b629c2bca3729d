/**
 * i18next with the two complete catalogues. Each feature keeps its texts in its own file per language
 * (`en/leads.json` holds the `leads.*` keys), so features grow without touching one shared file; a test checks that
 * both languages have exactly the same keys. The language is the person's choice, remembered on this device.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/client';
import { languageStorageKey, pickLanguage } from './language';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

function initialLanguage(): Language {
  return pickLanguage(localStorage.getItem(languageStorageKey), navigator.language);
}

// Only the language in use is downloaded; the other arrives when someone switches to it.
const loaders: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => import('./catalogue-en'),
  'zh-CN': () => import('./catalogue-zh-CN'),
};

async function ensureLoaded(lang: Language): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  i18n.addResourceBundle(lang, 'translation', (await loaders[lang]()).default);
}

function apply(lang: Language): void {
  setRequestLanguage(lang);
  document.documentElement.lang = lang;
}

/** Loads the person's language before the first render, so no screen flashes untranslated keys. */
export async function initI18n(): Promise<void> {
  const lang = initialLanguage();
  await i18n.use(initReactI18next).init({
    resources: {},
    lng: lang,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await ensureLoaded(lang);
  apply(lang);
}

export async function changeLanguage(lang: Language): Promise<void> {
  localStorage.setItem(languageStorageKey, lang);
  await ensureLoaded(lang);
  apply(lang);
  await i18n.changeLanguage(lang);
}

export default i18n;
