/**
 * Which language a person reads: the one they chose on this device, else the browser's. Self-contained (no imports,
 * no outside names) because the early-requests script (boot/early.ts) carries this function's text to pick the
 * catalogue it preloads.
 */
export const languageStorageKey = 'closeloop.language';

export function pickLanguage(saved: string | null, browserLanguage: string): 'zh-CN' | 'en' {
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return browserLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
