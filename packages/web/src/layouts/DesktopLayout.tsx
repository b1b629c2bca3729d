/** The desk: a side menu by role, the inbox badge, language and account menus, and the page. */
import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation, useMatches, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { type MenuProps, App as AntApp, Badge, Button, ConfigProvider, Dropdown, Layout, Menu, Result, Skeleton, Space, Typography } from 'antd';
import {
  AlertOutlined, ApartmentOutlined, AuditOutlined, BellOutlined, ClusterOutlined, ContactsOutlined, DashboardOutlined,
  GlobalOutlined, ImportOutlined, MobileOutlined, RobotOutlined, SettingOutlined, ShopOutlined, TeamOutlined,
  ThunderboltOutlined, UserOutlined, ApiOutlined, HistoryOutlined, ControlOutlined, MessageOutlined,
} from '@ant-design/icons';
import { HeartOutlined } from '@ant-design/icons';
import { FieldTimeOutlined } from '@ant-design/icons';
import { AccountBookOutlined, FileDoneOutlined, FileTextOutlined, LineChartOutlined } from '@ant-design/icons';
import { CalculatorOutlined, ExperimentOutlined, LockOutlined, MoneyCollectOutlined, ProfileOutlined } from '@ant-design/icons';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import type { Role } from '@closeloop/core';
import { useSignedIn, useSession } from '../api/session';
import { useUnreadCount } from '../api/unread';
import { changeLanguage, type Language } from '../i18n';
import type { RouteHandle } from '../app/routes';
import LiveToasts from '../features/inbox/LiveToasts';

interface NavItem {
  key: string;
  icon: React.ReactNode;
  label: string;
  roles?: readonly Role[];
  children?: NavItem[];
}

type MenuItem = NonNullable<MenuProps['items']>[number];

function useNavigation(role: Role): MenuItem[] {
  const { t } = useTranslation();
  return useMemo(() => {
    const items: NavItem[] = [
      { key: '/dashboard', icon: <DashboardOutlined />, label: t('nav.dashboard'), roles: ['manager', 'ops', 'admin'] },
      { key: '/lead-health', icon: <HeartOutlined />, label: role === 'rep' ? t('leadHealth.nav.mine') : t('leadHealth.nav.board') },
      { key: '/silent-leads', icon: <FieldTimeOutlined />, label: t('silence.nav') },
      { key: '/leads', icon: <ThunderboltOutlined />, label: t('nav.leads') },
      { key: '/customers', icon: <ShopOutlined />, label: t('nav.customers') },
      { key: '/contacts', icon: <ContactsOutlined />, label: t('nav.contacts') },
      { key: '/activities', icon: <HistoryOutlined />, label: t('nav.activities') },
      { key: '/contracts', icon: <FileTextOutlined />, label: t('nav.contracts') },
      { key: '/approvals', icon: <AuditOutlined />, label: t('nav.approvals'), roles: ['manager', 'ops', 'admin'] },
      { key: '/receipts', icon: <AccountBookOutlined />, label: t('nav.receipts'), roles: ['ops', 'admin'] },
      { key: '/figures', icon: <LineChartOutlined />, label: t('nav.figures'), roles: ['manager', 'ops', 'admin'] },
      { key: '/flash', icon: <FileDoneOutlined />, label: t('nav.flash'), roles: ['manager', 'ops', 'admin'] },
      {
        key: 'commissions', icon: <MoneyCollectOutlined />, label: t('commissions.nav.group'),
        children: [
          { key: '/commissions/statement', icon: <ProfileOutlined />, label: role === 'rep' ? t('commissions.nav.statement') : t('commissions.nav.statements') },
          { key: '/commissions/plans', icon: <CalculatorOutlined />, label: t('commissions.nav.plans'), roles: ['ops', 'admin'] },
          { key: '/commissions/periods', icon: <LockOutlined />, label: t('commissions.nav.periods'), roles: ['ops', 'admin'] },
          { key: '/commissions/try', icon: <ExperimentOutlined />, label: t('commissions.nav.try') },
        ],
      },
      { key: '/imports', icon: <ImportOutlined />, label: t('nav.imports'), roles: ['manager', 'ops', 'admin'] },
      {
        key: 'admin', icon: <SettingOutlined />, label: t('nav.admin'), roles: ['ops', 'admin'],
        children: [
          { key: '/admin/users', icon: <UserOutlined />, label: t('nav.users'), roles: ['admin'] },
          { key: '/admin/teams', icon: <TeamOutlined />, label: t('nav.teams'), roles: ['admin'] },
          { key: '/admin/regions', icon: <ApartmentOutlined />, label: t('nav.regions'), roles: ['admin'] },
          { key: '/admin/settings', icon: <GlobalOutlined />, label: t('nav.settings'), roles: ['admin'] },
          { key: '/admin/steward', icon: <ControlOutlined />, label: t('nav.stewardSettings'), roles: ['admin'] },
          { key: '/admin/documents', icon: <FileTextOutlined />, label: t('nav.documentSettings'), roles: ['admin'] },
          { key: '/admin/talk-tracks', icon: <MessageOutlined />, label: t('nav.talkTracks'), roles: ['admin'] },
          { key: '/admin/robots', icon: <RobotOutlined />, label: t('nav.robots'), roles: ['admin'] },
          { key: '/admin/webhooks', icon: <ApiOutlined />, label: t('nav.webhooks'), roles: ['admin'] },
          { key: '/admin/dead-letters', icon: <AlertOutlined />, label: t('nav.deadLetters'), roles: ['admin'] },
          { key: '/admin/audit', icon: <AuditOutlined />, label: t('nav.audit'), roles: ['ops', 'admin'] },
        ],
      },
    ];
    const visible = (item: NavItem) => !item.roles || item.roles.includes(role);
    const toMenu = ({ key, icon, label, children }: NavItem): MenuItem =>
      children ? { key, icon, label, children: children.filter(visible).map(toMenu) } : { key, icon, label };
    return items.filter(visible).map(toMenu);
  }, [role, t]);
}

function PageGuard() {
  const { t } = useTranslation();
  const { session } = useSession();
  const matches = useMatches();
  const roles = matches.map((m) => (m.handle as RouteHandle | undefined)?.roles).find(Boolean);
  if (roles && session && !roles.includes(session.user.role)) {
    return <Result status="403" title="403" subTitle={t('common.forbidden')} extra={<Link to="/">{t('common.goHome')}</Link>} />;
  }
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
      <Outlet />
    </Suspense>
  );
}

export default function DesktopLayout() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useUnreadCount();
  const items = useNavigation(session.user.role);
  // Pages inside a menu group are selected by their first two segments (/admin/users, /commissions/plans).
  const group = /^\/(admin|commissions)(\/|$)/.exec(location.pathname)?.[1];
  const selected = '/' + location.pathname.split('/').filter(Boolean).slice(0, group ? 2 : 1).join('/');

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntApp>
        <LiveToasts />
        <Layout hasSider style={{ minHeight: '100vh' }}>
          <Layout.Sider breakpoint="lg" collapsedWidth={64} theme="light" width={216} style={{ background: '#fff', borderRight: '1px solid #f0f0f0' }}>
            <div style={{ padding: '18px 20px', fontWeight: 700, fontSize: 18, color: '#1677ff' }}>
              <ClusterOutlined /> {t('app.name')}
            </div>
            <Menu
              mode="inline"
              selectedKeys={[selected]}
              defaultOpenKeys={group ? [group] : []}
              items={items}
              onClick={({ key }) => navigate(key)}
            />
          </Layout.Sider>
          <Layout>
            <Layout.Header style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
              <Typography.Text strong>{session.org.name}</Typography.Text>
              <Space size="middle">
                <Link to="/inbox" aria-label={t('nav.inbox')} data-testid="inbox-badge">
                  <Badge count={unread} size="small" overflowCount={99}>
                    <BellOutlined style={{ fontSize: 18 }} />
                  </Badge>
                </Link>
                <Dropdown
                  menu={{
                    selectedKeys: [i18n.language],
                    items: [{ key: 'zh-CN', label: '简体中文' }, { key: 'en', label: 'English' }],
                    onClick: ({ key }) => changeLanguage(key as Language),
                  }}
                >
                  <Button type="text" icon={<GlobalOutlined />} data-testid="language-switch">{i18n.language === 'en' ? 'English' : '简体中文'}</Button>
                </Dropdown>
                <Dropdown
                  menu={{
                    items: [
                      { key: 'prefs', icon: <BellOutlined />, label: t('nav.settings'), onClick: () => navigate('/settings/notifications') },
                      { key: 'phone', icon: <MobileOutlined />, label: t('nav.phoneView'), onClick: () => navigate('/m') },
                      { type: 'divider' },
                      { key: 'out', label: t('auth.signOut'), onClick: () => void signOut().then(() => navigate('/login')) },
                    ],
                  }}
                >
                  <Button type="text" icon={<UserOutlined />} data-testid="account-menu">
                    {session.user.name} · {t(`roles.${session.user.role}`)}
                  </Button>
                </Dropdown>
              </Space>
            </Layout.Header>
            <Layout.Content style={{ padding: 24 }}>
              <PageGuard />
            </Layout.Content>
          </Layout>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
