/**
 * The phone home's silence alerts: the rep's open ones, the longest silent first, each a card with the way to act.
 * Loaded after the home itself (lazily), and shown only when there is something to say.
 */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { List } from 'antd-mobile';
import { useSession } from '../../api/session';
import { useSilenceAlerts } from './api';
import { SilenceAlertCard } from './SilenceAlertCard';

const shown = 3;

export default function PhoneSilenceCards({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const alerts = useSilenceAlerts({ status: 'open', ownerId: userId }, shown);
  const items = alerts.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="pp-section" data-testid="home-silent">
      <List
        header={
          <div className="pp-section-head">
            <span>{t('silence.home.title')}</span>
            {alerts.data?.nextCursor && <a onClick={() => void navigate('/m/silent-leads')}>{t('phone.home.seeAll')}</a>}
          </div>
        }
      />
      {items.map((alert) => <SilenceAlertCard key={alert.id} alert={alert} canLog={can('crm.write')} />)}
    </section>
  );
}
