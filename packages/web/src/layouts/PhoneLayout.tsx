/** The rep's phone: a bottom tab bar (home, leads, quick add, inbox, me) around the page, antd-mobile only. */
import { Suspense, useEffect } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
// antd-mobile per component (not its index), so the build can bundle exactly what this screen uses with it
// (build/chunk-groups.ts); the index brought the library's global styles, imported here instead.
import 'antd-mobile/es/global';
import Badge from 'antd-mobile/es/components/badge';
import ConfigProvider from 'antd-mobile/es/components/config-provider';
import DotLoading from 'antd-mobile/es/components/dot-loading';
import SafeArea from 'antd-mobile/es/components/safe-area';
import TabBar from 'antd-mobile/es/components/tab-bar';
import AddCircleOutline from 'antd-mobile-icons/es/AddCircleOutline';
import AppOutline from 'antd-mobile-icons/es/AppOutline';
import MessageOutline from 'antd-mobile-icons/es/MessageOutline';
import UnorderedListOutline from 'antd-mobile-icons/es/UnorderedListOutline';
import UserOutline from 'antd-mobile-icons/es/UserOutline';
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
