/** The sentence to show for a failed request: the server's own (already localised) message, or ours for the network. */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('common.networkError');
    if (error.status >= 500 || !error.message) return t('common.unexpectedError');
    const fields = Object.values(error.fields);
    return fields.length ? `${error.message} ${fields.join('; ')}` : error.message;
  }
  return t('common.unexpectedError');
}
