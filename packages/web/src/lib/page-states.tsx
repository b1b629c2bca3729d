/** What a desk page shows instead of its data: the first load, and a failed load with the server's message and a retry. */
import { useTranslation } from 'react-i18next';
import { Button, Card, Result, Skeleton } from 'antd';
import { errorText } from './errors';

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
      title={t('common.loadFailed')}
      subTitle={errorText(error, t)}
      extra={<Button type="primary" onClick={onRetry} data-testid="retry-button">{t('common.retry')}</Button>}
      data-testid="load-error"
    />
  );
}
