/** Me on the phone: who I am (name, role, team), language, notification settings, the desktop view, sign out. */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, List, Selector } from 'antd-mobile';
import { BellOutline, FileOutline, GlobalOutline, HistogramOutline, PayCircleOutline } from 'antd-mobile-icons';
import { useTeams } from '../../api/directory';
import { useSession, useSignedIn } from '../../api/session';
import { changeLanguage, languages, type Language } from '../../i18n';
import { PhonePage } from './PhonePage';
import { desktopStart } from '../../lib/device';

const languageNames: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

export default function PhoneMe() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { user, org } = useSignedIn();
  const { signOut, can } = useSession();
  const [leaving, setLeaving] = useState(false);
  // The shared directory query: the same cache entry the desk's team pages read.
  const teams = useTeams(!!user.teamId && can('people.read'));
  const team = teams.data?.find((item) => item.id === user.teamId);

  const confirmSignOut = async () => {
    const yes = await Dialog.confirm({ content: t('phone.me.signOutConfirm'), confirmText: t('phone.me.signOut'), cancelText: t('common.cancel') });
    if (!yes) return;
    setLeaving(true);
    await signOut();
    void navigate('/login', { replace: true });
  };

  return (
    <PhonePage title={t('nav.me')}>
      <div className="pp-card pp-me">
        <span className="pp-avatar" aria-hidden="true">{user.name.slice(0, 1)}</span>
        <div>
          <h2 className="pp-head-name" data-testid="me-name">{user.name}</h2>
          <div className="pp-muted">{t(`roles.${user.role}`)} · {org.name}</div>
        </div>
      </div>

      <List header={t('phone.me.account')}>
        <List.Item extra={user.teamId ? (team?.name ?? '…') : t('phone.me.noTeam')}>{t('phone.me.team')}</List.Item>
        <List.Item extra={user.email}>{t('phone.field.email')}</List.Item>
        {user.phone && <List.Item extra={user.phone}>{t('phone.field.phone')}</List.Item>}
        <List.Item extra={org.timeZone}>{t('phone.me.timeZone')}</List.Item>
      </List>

      <List header={t('nav.language')}>
        <List.Item prefix={<GlobalOutline />}>
          <Selector
            data-testid="phone-language"
            columns={2}
            value={[i18n.language]}
            options={languages.map((lang) => ({ label: languageNames[lang], value: lang }))}
            onChange={(value) => value[0] && changeLanguage(value[0] as Language)}
          />
        </List.Item>
      </List>

      {user.role === 'rep' && (
        <List>
          <List.Item prefix={<HistogramOutline />} onClick={() => void navigate('/m/lead-health/me')} data-testid="me-weekly-report">
            {t('leadHealth.mine.fromHome')}
          </List.Item>
        </List>
      )}

      <List>
        <List.Item prefix={<FileOutline />} onClick={() => void navigate('/m/contracts')} data-testid="me-contracts">
          {t('contracts.phone.fromMe')}
        </List.Item>
        <List.Item prefix={<PayCircleOutline />} onClick={() => void navigate('/m/commissions')} data-testid="me-commissions">
          {t('commissions.nav.fromMe')}
        </List.Item>
      </List>

      <List header={t('phone.me.settings')}>
        <List.Item prefix={<BellOutline />} onClick={() => void navigate('/settings/notifications')} data-testid="me-notification-settings">
          {t('phone.me.notificationSettings')}
        </List.Item>
        <List.Item onClick={() => void navigate(desktopStart(user.role))} data-testid="me-desktop-view" description={t('phone.me.desktopHint')}>
          {t('nav.desktopView')}
        </List.Item>
      </List>

      <div className="pp-actions">
        <Button block size="large" color="danger" fill="outline" loading={leaving} onClick={() => void confirmSignOut()} data-testid="sign-out">
          {t('phone.me.signOut')}
        </Button>
      </div>
    </PhonePage>
  );
}
