/**
 * A toast for each notification pushed while the desk is open (mounted once, in the desktop layout). The inbox and
 * the badge refresh by themselves; the toast is for the person looking at some other page. Its button opens it.
 */
import { useEffect, useEffectEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { onLiveNotification, type LiveNotification } from '../../api/live';
import { useOpenNotification } from './hooks/useOpenNotification';

const shownSeconds = 6;

export default function LiveToasts() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const open = useOpenNotification();

  // An effect event: the stream listener is registered once and still sees the current language and router.
  const show = useEffectEvent((pushed: LiveNotification) => {
    const view = () => {
      notification.destroy(pushed.id);
      open(pushed);
    };
    notification.open({
      key: pushed.id,
      title: pushed.title,
      description: pushed.body,
      icon: <BellOutlined style={{ color: '#1677ff' }} />,
      placement: 'topRight',
      duration: shownSeconds,
      showProgress: true,
      pauseOnHover: true,
      role: 'status',
      props: { 'data-testid': 'live-toast' },
      actions: pushed.link ? (
        <Button type="primary" size="small" onClick={view} data-testid="live-toast-open">{t('inbox.toast.open')}</Button>
      ) : undefined,
    });
  });

  useEffect(() => onLiveNotification((pushed) => show(pushed)), []);
  return null;
}
