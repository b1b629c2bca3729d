/** What every phone page shows while it loads, when it is empty, when a request failed and when a record is not there. */
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import Button from 'antd-mobile/es/components/button';
import ErrorBlock from 'antd-mobile/es/components/error-block';
import Skeleton from 'antd-mobile/es/components/skeleton';
import { errorText } from '../../lib/errors';
import { isNotFound } from './records';
import './phone-pages.css';

export function ListSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div className="pp-skeleton" aria-busy="true">
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="pp-skeleton-row">
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={1} animated />
        </div>
      ))}
    </div>
  );
}

export function DetailSkeleton() {
  return (
    <div className="pp-skeleton" aria-busy="true">
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={5} animated />
      <Skeleton.Title animated />
      <Skeleton.Paragraph lineCount={3} animated />
    </div>
  );
}

/** A failed read: the server's own message and a retry; a 404 (missing or outside the person's scope) says so. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (isNotFound(error)) {
    return (
      <ErrorBlock status="empty" title={t('phone.state.notFoundTitle')} description={t('phone.state.notFoundBody')} data-testid="record-not-found" className="pp-block">
        <Button color="primary" fill="outline" onClick={() => void navigate('/m', { replace: true })}>{t('common.goHome')}</Button>
      </ErrorBlock>
    );
  }
  return (
    <ErrorBlock status="default" title={t('phone.state.failedTitle')} description={errorText(error, t)} data-testid="load-error" className="pp-block">
      <Button color="primary" onClick={onRetry}>{t('common.retry')}</Button>
    </ErrorBlock>
  );
}

/** Nothing to show yet, with the action that fills it. */
export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <ErrorBlock status="empty" title={title} description={description ?? ''} className="pp-block" data-testid="empty-state">
      {action}
    </ErrorBlock>
  );
}
