/** A next-action kind's label in the person's language (its code until the company's list has loaded). */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { nextActionLabel } from '@closeloop/core';
import { useNextActionKinds } from './api';

export function useKindLabel(): (code: string) => string {
  const { i18n } = useTranslation();
  const { kinds } = useNextActionKinds();
  const locale = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
  return useCallback((code: string) => nextActionLabel(kinds, code, locale), [kinds, locale]);
}
