/**
 * The activities of a lead or a customer, newest first (each with the next action it planned, its commitments and
 * amounts), loading more as the person scrolls to the end.
 */
import { useTranslation } from 'react-i18next';
import { Button, Ellipsis, InfiniteScroll } from 'antd-mobile';
import type { Activity } from '@closeloop/core';
import { itemsOf, usePagedList } from './records';
import { EmptyState, ListSkeleton, LoadFailed } from './PageStates';
import { useFormat } from '../../lib/use-format';
import { KindIcon } from './vocab-ui';
import { PhoneActivityCaptureDetails } from '../capture/PhoneActivityCaptureDetails';

interface Props {
  filter: { leadId: string } | { customerId: string };
  onLog?: () => void;
}

export function ActivityTimeline({ filter, onLog }: Props) {
  const { t } = useTranslation();
  const list = usePagedList<Activity>('/activities', filter, { limit: 10 });
  const items = itemsOf(list.data);

  if (list.isPending) return <ListSkeleton rows={3} />;
  if (list.isError && items.length === 0) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  if (items.length === 0) {
    return (
      <EmptyState
        title={t('phone.timeline.empty')}
        action={onLog && <Button color="primary" fill="outline" onClick={onLog}>{t('phone.home.logActivity')}</Button>}
      />
    );
  }
  return (
    <div className="pp-timeline" data-testid="timeline">
      {items.map((activity) => <TimelineEntry key={activity.id} activity={activity} />)}
      <InfiniteScroll
        hasMore={!!list.hasNextPage}
        loadMore={async () => {
          const next = await list.fetchNextPage();
          if (next.isFetchNextPageError) throw next.error;
        }}
      />
    </div>
  );
}

export function TimelineEntry({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className={`pp-entry pp-entry-${activity.kind}`}>
      <div className="pp-entry-icon"><KindIcon kind={activity.kind} /></div>
      <div className="pp-entry-body">
        <div className="pp-entry-head">
          <strong>{t(`vocab.activityKind.${activity.kind}`)}</strong>
          {activity.durationMinutes ? <span className="pp-muted">{t('phone.timeline.minutes', { count: activity.durationMinutes })}</span> : null}
          <span className="pp-entry-time" title={format.dateTime(activity.occurredAt)}>{format.relative(activity.occurredAt)}</span>
        </div>
        <div className="pp-muted pp-small">{format.dateTime(activity.occurredAt)}</div>
        {activity.text && (
          <Ellipsis className="pp-entry-text" content={activity.text} rows={3} expandText={t('phone.timeline.more')} collapseText={t('phone.timeline.less')} />
        )}
        <PhoneActivityCaptureDetails activity={activity} />
      </div>
    </div>
  );
}
