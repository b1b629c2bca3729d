/**
 * The rep's start on the phone: a greeting, the two things done most (quick add a lead, log an activity — each two
 * taps from here), the open leads that have gone quiet longest, recent activities and the unread count.
 */
import { lazy, Suspense } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import Badge from 'antd-mobile/es/components/badge';
import Button from 'antd-mobile/es/components/button';
import List from 'antd-mobile/es/components/list';
import AddCircleOutline from 'antd-mobile-icons/es/AddCircleOutline';
import EditSOutline from 'antd-mobile-icons/es/EditSOutline';
import MessageOutline from 'antd-mobile-icons/es/MessageOutline';
import RightOutline from 'antd-mobile-icons/es/RightOutline';
import TeamOutline from 'antd-mobile-icons/es/TeamOutline';
import UnorderedListOutline from 'antd-mobile-icons/es/UnorderedListOutline';
import type { Activity, Lead } from '@closeloop/core';
import { useSession, useSignedIn } from '../../api/session';
import { useUnreadCount } from '../../api/unread';
import { LeadItem } from './LeadItem';
import { EmptyState, ListSkeleton, LoadFailed } from './PageStates';
import { RecordName } from './RecordName';
import { homeLists } from './home-lists';
import { useFirstRows } from './records';
import { useFormat } from '../../lib/use-format';
import { KindIcon } from './vocab-ui';

// The rep's silence alerts (A5) and screening cards to complete (A2): small lists loaded after the home, off its first load.
const SilenceCards = lazy(() => import('../silence/PhoneSilenceCards'));
const OpenScreenings = lazy(() => import('../screening/PhoneOpenScreenings'));

export default function PhoneHome() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSignedIn();
  const { can } = useSession();
  const format = useFormat();
  const unread = useUnreadCount();
  const hour = format.hourNow();
  const greeting = hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
  const canWrite = can('crm.write');

  return (
    <div className="pp-page pp-home">
      <header className="pp-hero">
        <h1 className="pp-hero-title">{t(`phone.home.greeting.${greeting}`, { name: user.name })}</h1>
        <p className="pp-hero-date">{format.today()}</p>
        <button type="button" className="pp-hero-inbox" onClick={() => void navigate('/m/inbox')} data-testid="home-unread">
          <Badge content={unread > 0 ? (unread > 99 ? '99+' : unread) : null}><MessageOutline fontSize={20} /></Badge>
          <span>{unread > 0 ? t('phone.home.unread', { count: unread }) : t('phone.home.noUnread')}</span>
          <RightOutline />
        </button>
      </header>

      {canWrite && (
        <div className="pp-quick">
          <Button color="primary" size="large" block onClick={() => void navigate('/m/leads/new')} data-testid="quick-add-lead">
            <AddCircleOutline /> {t('phone.home.quickAddLead')}
          </Button>
          <Button color="primary" fill="outline" size="large" block onClick={() => void navigate('/m/log')} data-testid="quick-log-activity">
            <EditSOutline /> {t('phone.home.logActivity')}
          </Button>
        </div>
      )}

      <div className="pp-shortcuts">
        <button type="button" onClick={() => void navigate('/m/leads')}><UnorderedListOutline /> {t('phone.home.myLeads')}</button>
        <button type="button" onClick={() => void navigate('/m/customers')}><TeamOutline /> {t('phone.home.customers')}</button>
      </div>

      <Suspense fallback={null}>
        <SilenceCards userId={user.id} />
        <OpenScreenings userId={user.id} />
      </Suspense>
      <FollowUps userId={user.id} canWrite={canWrite} />
      <RecentActivities userId={user.id} canWrite={canWrite} />
    </div>
  );
}

/** My open leads, quietest first: the ones to call today. */
function FollowUps({ userId, canWrite }: { userId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { path, query, limit } = homeLists(userId).followUp;
  const leads = useFirstRows<Lead>(path, query, limit);
  const open = leads.data?.items ?? [];

  return (
    <section className="pp-section" data-testid="home-follow-up">
      <List
        header={
          <div className="pp-section-head">
            <span>{t('phone.home.followUp')}</span>
            <a onClick={() => void navigate('/m/leads?sort=lastActivityAt:asc')}>{t('phone.home.seeAll')}</a>
          </div>
        }
      >
        {leads.isPending ? <ListSkeleton rows={3} />
          : leads.isError ? <LoadFailed error={leads.error} onRetry={() => void leads.refetch()} />
          : open.length === 0 ? (
            <EmptyState
              title={t('phone.home.noFollowUp')}
              action={canWrite && <Button color="primary" fill="outline" onClick={() => void navigate('/m/leads/new')}>{t('phone.home.quickAddLead')}</Button>}
            />
          )
          : open.map((lead) => <LeadItem key={lead.id} lead={lead} />)}
      </List>
    </section>
  );
}

function RecentActivities({ userId, canWrite }: { userId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const { path, query, limit } = homeLists(userId).recent;
  const activities = useFirstRows<Activity>(path, query, limit);
  const items = activities.data?.items ?? [];
  const open = (activity: Activity) => {
    if (activity.leadId) void navigate(`/m/leads/${activity.leadId}`);
    else if (activity.customerId) void navigate(`/m/customers/${activity.customerId}`);
  };

  return (
    <section className="pp-section" data-testid="home-recent">
      <List header={<div className="pp-section-head"><span>{t('phone.home.recent')}</span></div>}>
        {activities.isPending ? <ListSkeleton rows={3} />
          : activities.isError ? <LoadFailed error={activities.error} onRetry={() => void activities.refetch()} />
          : items.length === 0 ? (
            <EmptyState
              title={t('phone.home.noRecent')}
              action={canWrite && <Button color="primary" fill="outline" onClick={() => void navigate('/m/log')}>{t('phone.home.logActivity')}</Button>}
            />
          )
          : items.map((activity) => (
            <List.Item
              key={activity.id}
              prefix={<span className={`pp-kind pp-entry-${activity.kind}`}><KindIcon kind={activity.kind} /></span>}
              extra={<span className="pp-small">{format.relative(activity.occurredAt)}</span>}
              description={activity.text ? <span className="pp-clamp">{activity.text}</span> : t(`vocab.activityKind.${activity.kind}`)}
              onClick={() => open(activity)}
            >
              <RecordName leadId={activity.leadId} customerId={activity.customerId} />
            </List.Item>
          ))}
      </List>
    </section>
  );
}
