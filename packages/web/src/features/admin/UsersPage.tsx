/** Users and access (H1): the people of the organisation, and the API tokens integrations sign in with. */
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Card, Tabs } from 'antd';
import { ApiTokensTab } from './components/ApiTokensTab';
import { PageHeader } from './components/PageHeader';
import { PeopleTab } from './components/PeopleTab';

type Tab = 'people' | 'tokens';

export default function UsersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'tokens' ? 'tokens' : 'people';
  return (
    <>
      <PageHeader title={t('admin.users.title')} description={t('admin.users.description')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'people' ? {} : { tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'people', label: <span data-testid="tab-people">{t('admin.users.tabPeople')}</span>, children: <PeopleTab /> },
            { key: 'tokens', label: <span data-testid="tab-tokens">{t('admin.users.tabTokens')}</span>, children: <ApiTokensTab /> },
          ]}
        />
      </Card>
    </>
  );
}
