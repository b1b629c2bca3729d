/** What a record page or list shows instead of data: the first load, a failed load with a retry, a record out of sight. */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Result, Skeleton } from 'antd';
import { errorText } from '../../lib/errors';
import type { ListKind } from './list-spec';

export function PageSkeleton() {
  return <Skeleton active paragraph={{ rows: 10 }} data-testid="page-loading" />;
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('records.states.loadFailed')}
      subTitle={errorText(error, t)}
      extra={<Button type="primary" onClick={onRetry} data-testid="retry-button">{t('common.retry')}</Button>}
      data-testid="load-error"
    />
  );
}

/** The server answers 404 alike for a record that does not exist and one outside the person's scope. */
export function RecordNotFound({ kind }: { kind: ListKind }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('records.states.notFoundTitle')}
      subTitle={t('records.states.notFound')}
      extra={<Link to={`/${kind}`}><Button type="primary">{t(`records.states.backTo.${kind}`)}</Button></Link>}
      data-testid="record-not-found"
    />
  );
}
