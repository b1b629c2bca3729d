/** What a page shows while its data loads, and when loading failed: the server's message and a way to try again. */
import { useTranslation } from 'react-i18next';
import { Button, Card, Result, Skeleton } from 'antd';
import { errorText } from '../../../lib/errors';

export function Loading({ rows = 8 }: { rows?: number }) {
  return (
    <Card data-testid="page-loading">
      <Skeleton active paragraph={{ rows }} />
    </Card>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('admin.common.loadFailed')}
      subTitle={errorText(error, t)}
      data-testid="load-error"
      extra={<Button type="primary" onClick={onRetry} data-testid="retry-button">{t('common.retry')}</Button>}
    />
  );
}
