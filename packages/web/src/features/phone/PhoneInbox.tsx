/** The inbox on the phone: newest first, unread marked; tapping one marks it read and opens what it is about. */
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, List, Tabs, Toast } from 'antd-mobile';
import type { NotificationView } from '@closeloop/core';
import { api } from '../../api/client';
import { useUnreadCount } from '../../api/unread';
import { errorText } from '../../lib/errors';
import { EmptyState } from './PageStates';
import { PagedList } from './PagedList';
import { PhonePage } from './PhonePage';
import { phoneTarget } from './phone-nav';
import { usePagedList } from './records';
import { useFormat } from '../../lib/use-format';

export default function PhoneInbox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const format = useFormat();
  const unread = useUnreadCount();
  const [params, setParams] = useSearchParams();
  const onlyUnread = params.get('show') === 'unread';
  const list = usePagedList<NotificationView>('/notifications', { unread: onlyUnread ? 'true' : undefined });

  const refresh = () => void client.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: string) => api<NotificationView>(`/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api<{ marked: number }>('/notifications/read-all', { method: 'POST' }),
    onSuccess: (result) => {
      refresh();
      Toast.show({ icon: 'success', content: t('phone.inbox.markedAll', { count: result.marked }) });
    },
    onError: (error) => Toast.show({ icon: 'fail', content: errorText(error, t) }),
  });

  const open = (notification: NotificationView) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    if (!notification.link) return;
    const target = phoneTarget(notification.link);
    if (target.startsWith('/')) void navigate(target);
    else window.location.assign(target);
  };

  return (
    <PhonePage
      title={t('phone.inbox.title')}
      right={
        <Button size="mini" fill="none" color="primary" disabled={unread === 0 || markAll.isPending} onClick={() => markAll.mutate()} data-testid="mark-all-read">
          {t('phone.inbox.markAll')}
        </Button>
      }
      toolbar={
        <Tabs activeKey={onlyUnread ? 'unread' : 'all'} onChange={(key) => setParams(key === 'unread' ? { show: 'unread' } : {}, { replace: true })} className="pp-tabs">
          <Tabs.Tab key="all" title={t('common.all')} />
          <Tabs.Tab key="unread" title={unread > 0 ? t('phone.inbox.unreadCount', { count: unread }) : t('phone.inbox.unread')} />
        </Tabs>
      }
    >
      <PagedList
        list={list}
        empty={
          <EmptyState
            title={onlyUnread ? t('phone.inbox.allRead') : t('phone.inbox.empty')}
            description={t('phone.inbox.emptyHint')}
            action={<Button color="primary" fill="outline" onClick={() => void navigate('/m')}>{t('nav.home')}</Button>}
          />
        }
      >
        {(notification) => (
          <List.Item
            key={notification.id}
            data-testid="list-row"
            className={notification.readAt ? 'pp-read' : 'pp-unread'}
            onClick={() => open(notification)}
            arrowIcon={!!notification.link}
            prefix={<Badge content={notification.readAt ? null : Badge.dot}><span className="pp-dot-anchor" /></Badge>}
            description={
              <>
                <span className="pp-clamp">{notification.body}</span>
                <span className="pp-small pp-muted" title={format.dateTime(notification.createdAt)}>{format.relative(notification.createdAt)}</span>
              </>
            }
          >
            {notification.title}
          </List.Item>
        )}
      </PagedList>
    </PhonePage>
  );
}
