/**
 * The notification inbox (H2): newest first, all or only unread, a page at a time. Opening one marks it read and goes
 * where it points; "mark all read" clears the lot. New notifications appear at the top as they are pushed (the live
 * stream refreshes every 'notifications' query), without a reload.
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Empty, Flex, Result, Segmented, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { CheckOutlined, SettingOutlined } from '@ant-design/icons';
import type { NotificationView } from '@closeloop/core';
import { useSignedIn } from '../../api/session';
import { useUnreadCount } from '../../api/unread';
import { errorText } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useInbox, useMarkAllRead, type InboxFilter } from './api/notifications';
import { useOpenNotification } from './hooks/useOpenNotification';
import './inbox.css';

function InboxRow({ notification, onOpen }: { notification: NotificationView; onOpen: (n: NotificationView) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const unread = !notification.readAt;
  return (
    <div
      className="inbox-row"
      role="button"
      tabIndex={0}
      data-testid="list-row"
      data-notification-id={notification.id}
      data-unread={unread}
      onClick={() => onOpen(notification)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen(notification);
        }
      }}
    >
      <span className="inbox-dot" role={unread ? 'img' : undefined} aria-label={unread ? t('inbox.list.unread') : undefined} aria-hidden={!unread} />
      <div>
        <div className="inbox-title">{notification.title}</div>
        {notification.body && <div className="inbox-body">{notification.body}</div>}
      </div>
      <div className="inbox-meta">
        <Tag>{t(`inbox.templates.${notification.template}.name`, { defaultValue: notification.template })}</Tag>
        <Tooltip title={formatDateTime(notification.createdAt, session.org.timeZone, i18n.language)}>
          <span>{formatRelative(notification.createdAt, i18n.language)}</span>
        </Tooltip>
      </div>
    </div>
  );
}

export default function InboxPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter: InboxFilter = params.get('show') === 'unread' ? 'unread' : 'all';
  const unread = useUnreadCount();
  const inbox = useInbox(filter);
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const items = useMemo(() => inbox.data?.pages.flatMap((page) => page.items) ?? [], [inbox.data]);

  const markAllRead = () =>
    markAll.mutate(undefined, {
      onSuccess: ({ marked }) => void message.success(t('inbox.list.markedAll', { count: marked })),
      onError: (error) => void message.error(errorText(error, t)),
    });

  const header = (
    <Flex justify="space-between" align="flex-start" gap={16} style={{ marginBottom: 16 }}>
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inbox.list.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('inbox.list.description')}</Typography.Text>
      </div>
      <Flex gap={8} wrap>
        <Segmented<InboxFilter>
          data-testid="inbox-filter"
          value={filter}
          onChange={(value) => setParams(value === 'unread' ? { show: 'unread' } : {}, { replace: true })}
          options={[
            { value: 'all', label: <span data-testid="inbox-filter-all">{t('inbox.list.all')}</span> },
            { value: 'unread', label: <span data-testid="inbox-filter-unread">{unread > 0 ? t('inbox.list.unreadCount', { count: unread }) : t('inbox.list.unread')}</span> },
          ]}
        />
        <Button icon={<CheckOutlined />} disabled={unread === 0} loading={markAll.isPending} onClick={markAllRead} data-testid="mark-all-read">
          {t('inbox.list.markAll')}
        </Button>
        <Link to="/settings/notifications">
          <Button icon={<SettingOutlined />} data-testid="inbox-preferences">{t('inbox.list.preferences')}</Button>
        </Link>
      </Flex>
    </Flex>
  );

  let content: React.ReactNode;
  if (inbox.isPending) {
    content = <Card data-testid="page-loading"><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  } else if (inbox.isError) {
    content = (
      <Result
        status="error"
        title={t('inbox.list.loadFailed')}
        subTitle={errorText(inbox.error, t)}
        data-testid="load-error"
        extra={<Button type="primary" onClick={() => void inbox.refetch()} data-testid="retry-button">{t('common.retry')}</Button>}
      />
    );
  } else if (items.length === 0) {
    content = (
      <Card>
        <Empty
          data-testid="empty-state"
          description={filter === 'unread' ? t('inbox.list.allRead') : t('inbox.list.empty')}
        >
          {filter === 'unread' ? (
            <Button onClick={() => setParams({}, { replace: true })} data-testid="show-all">{t('inbox.list.showAll')}</Button>
          ) : (
            <Link to="/settings/notifications"><Button type="primary">{t('inbox.list.setUp')}</Button></Link>
          )}
        </Empty>
      </Card>
    );
  } else {
    content = (
      <Card styles={{ body: { padding: 0 } }}>
        <div className="inbox-list" data-testid="inbox-list">
          {items.map((notification) => <InboxRow key={notification.id} notification={notification} onOpen={open} />)}
        </div>
        {inbox.hasNextPage && (
          <div className="inbox-more">
            <Button onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage} data-testid="load-more">{t('common.loadMore')}</Button>
          </div>
        )}
      </Card>
    );
  }

  return (
    <>
      {header}
      {content}
    </>
  );
}
