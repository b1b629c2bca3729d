/**
 * The follow-up history of a lead or customer, newest first, each with the next action it planned and what its summary
 * found, with the form to log the next call, visit, meeting or note above it (for people who may write).
 */
import { useTranslation } from 'react-i18next';
import { Button, Empty, Flex, Skeleton, Tag, Timeline, Typography } from 'antd';
import { EnvironmentOutlined, FileTextOutlined, PhoneOutlined, TeamOutlined } from '@ant-design/icons';
import type { Activity } from '@closeloop/core';
import { useSession } from '../../api/session';
import { useCursorList } from './useCursorList';
import { usePeople } from '../../api/directory';
import { useFormat } from '../../lib/use-format';
import { LoadError } from '../../lib/page-states';
import { LogActivityForm, type ActivitySubject } from './LogActivityForm';
import { ActivityCaptureDetails } from '../capture/ActivityCaptureDetails';

const kindIcons = { call: <PhoneOutlined />, visit: <EnvironmentOutlined />, meeting: <TeamOutlined />, note: <FileTextOutlined /> } as const;
const kindColors = { call: 'blue', visit: 'green', meeting: 'purple', note: 'gray' } as const;

/** `canLog`: false for an archived record, whose history is kept but not added to. */
export function ActivityTimeline({ subject, canLog = true }: { subject: ActivitySubject; canLog?: boolean }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const format = useFormat();
  const { byId } = usePeople();
  const list = useCursorList<Activity>('activities', subject.leadId ? { leadId: subject.leadId } : { customerId: subject.customerId! }, { limit: 20 });

  return (
    <div data-testid="activity-timeline">
      {can('crm.write') && canLog && <LogActivityForm subject={subject} />}
      {list.isPending ? (
        <Skeleton active paragraph={{ rows: 5 }} />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        <Empty description={t('records.timeline.empty')} data-testid="timeline-empty" />
      ) : (
        <>
          <Timeline
            items={list.items.map((activity) => ({
              key: activity.id,
              icon: kindIcons[activity.kind],
              color: kindColors[activity.kind],
              content: (
                <div data-testid="timeline-item">
                  <Flex gap={8} wrap align="center" style={{ marginBottom: 4 }}>
                    <Typography.Text strong>{format.dateTime(activity.occurredAt)}</Typography.Text>
                    <Tag color={kindColors[activity.kind]}>{t(`vocab.activityKind.${activity.kind}`)}</Tag>
                    <Typography.Text>{byId.get(activity.ownerId)?.name ?? ''}</Typography.Text>
                    {activity.durationMinutes !== null && (
                      <Typography.Text type="secondary">{t('records.timeline.minutes', { count: activity.durationMinutes })}</Typography.Text>
                    )}
                    {activity.status === 'archived' && <Tag>{t('vocab.status.archived')}</Tag>}
                  </Flex>
                  {activity.text && (
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} ellipsis={{ rows: 4, expandable: true, symbol: t('records.timeline.more') }}>
                      {activity.text}
                    </Typography.Paragraph>
                  )}
                  <ActivityCaptureDetails activity={activity} />
                </div>
              ),
            }))}
          />
          {list.hasNextPage && (
            <Flex justify="center">
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="timeline-load-more">
                {t('common.loadMore')}
              </Button>
            </Flex>
          )}
        </>
      )}
    </div>
  );
}
