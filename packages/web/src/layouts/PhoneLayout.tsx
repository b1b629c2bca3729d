/** The rep's phone: a bottom tab bar (home, leads, quick add, inbox, me) around the page, antd-mobile only. */
import { Suspense, useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge, ConfigProvider, DotLoading, SafeArea, TabBar } from 'antd-mobile';
import { AddCircleOutline, AppOutline, MessageOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { useUnreadCount } from '../api/unread';
import { antdMobileLocale, setImperativeLocale } from '../features/phone/imperative';
import './phone.css';

export default function PhoneLayout() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const unread = useUnreadCount();
  useEffect(() => setImperativeLocale(i18n.language), [i18n.language]);
  const tabs = [
    { key: '/m', icon: <AppOutline />, title: t('nav.home') },
    { key: '/m/leads', icon: <UnorderedListOutline />, title: t('nav.leads') },
    { key: '/m/leads/new', icon: <AddCircleOutline fontSize={30} color="#1677ff" />, title: t('phone.quickAdd') },
    { key: '/m/inbox', icon: <Badge content={unread > 0 ? (unread > 99 ? '99+' : unread) : null}><MessageOutline /></Badge>, title: t('nav.inbox') },
    { key: '/m/me', icon: <UserOutline />, title: t('nav.me') },
  ];
  const active = tabs.map((tab) => tab.key).filter((key) => pathname === key || (key !== '/m' && pathname.startsWith(key))).sort((a, b) => b.length - a.length)[0] ?? '/m';

  return (
    <ConfigProvider locale={antdMobileLocale(i18n.language)}>
      <div className="phone">
        <main className="phone-body">
          <Suspense fallback={<div className="phone-loading"><DotLoading color="primary" /></div>}>
            <Outlet />
          </Suspense>
        </main>
        <nav className="phone-tabs">
          <TabBar activeKey={active} onChange={(key) => navigate(key)} safeArea>
            {tabs.map((tab) => <TabBar.Item key={tab.key} icon={tab.icon} title={tab.title} />)}
          </TabBar>
        </nav>
        <SafeArea position="bottom" />
      </div>
    </ConfigProvider>
  );
}
