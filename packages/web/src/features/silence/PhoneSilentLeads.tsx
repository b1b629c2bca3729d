/** Every open silence alert of the rep (or of a manager's teams) on the phone, a page at a time. */
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { useSession, useSignedIn } from '../../api/session';
import { EmptyState, ListSkeleton, LoadFailed } from '../phone/PageStates';
import { PhonePage } from '../phone/PhonePage';
import { useSilencePages } from './api';
import { SilenceAlertCard } from './SilenceAlertCard';

export default function PhoneSilentLeads() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { user } = useSignedIn();
  // A rep sees their own; someone who leads others sees everyone in their sight.
  const alerts = useSilencePages({ status: 'open', ...(user.role === 'rep' ? { ownerId: user.id } : {}) }, 20);
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <PhonePage title={t('silence.page.title')} backTo="/m">
      {alerts.isPending ? <ListSkeleton rows={3} />
        : alerts.isError ? <LoadFailed error={alerts.error} onRetry={() => void alerts.refetch()} />
        : items.length === 0 ? <EmptyState title={t('silence.page.empty')} />
        : items.map((alert) => <SilenceAlertCard key={alert.id} alert={alert} canLog={can('crm.write')} />)}
      {alerts.hasNextPage && (
        <Button block fill="none" loading={alerts.isFetchingNextPage} onClick={() => void alerts.fetchNextPage()}>{t('silence.page.loadMore')}</Button>
      )}
    </PhonePage>
  );
}
