import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Result } from 'antd';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} extra={<Link to="/">{t('common.goHome')}</Link>} />;
}
