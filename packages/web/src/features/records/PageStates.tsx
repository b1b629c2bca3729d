/** What a record page shows for a record out of sight (the shared loading and error states are in lib/page-states). */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Result } from 'antd';
import type { ListKind } from './list-spec';

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
