/**
 * `/trace/:code` opens whatever document a trace code names (B4): a contract's page, an order's or shipment's tab on
 * its contract, a receipt in the receipts list. Other pages (the flash report, notifications) link here with only the
 * code they hold; a code outside the reader's scope reads as not found.
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Result } from 'antd';
import { ApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { Loading } from '../../lib/page-states';
import { traceTarget } from './api/contracts';

export default function TracePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);
  useEffect(() => {
    let cancelled = false;
    traceTarget(code).then((path) => !cancelled && void navigate(path, { replace: true }), (error: unknown) => !cancelled && setFailure(error));
    return () => {
      cancelled = true;
    };
  }, [code, navigate]);
  if (!failure) return <Loading rows={4} />;
  const missing = failure instanceof ApiError && failure.status === 404;
  return (
    <Result
      status={missing ? '404' : 'error'}
      title={missing ? t('documents.traceNotFound', { code: code.toUpperCase() }) : errorText(failure, t)}
      extra={<Link to="/contracts"><Button>{t('contracts.page.back')}</Button></Link>}
      data-testid="trace-not-found"
    />
  );
}
