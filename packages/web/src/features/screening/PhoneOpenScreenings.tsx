/** The phone home's screening cards still to complete: each opens its card. Loaded after the home, shown only when there are some. */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { List } from 'antd-mobile';
import { useFormat } from '../../lib/use-format';
import { useOpenCards } from './api';

export default function PhoneOpenScreenings({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const cards = useOpenCards(userId, 3);
  const items = cards.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="pp-section" data-testid="home-screening">
      <List header={<div className="pp-section-head"><span>{t('screening.home.title')}</span></div>}>
        {items.map((card) => (
          <List.Item
            key={card.leadId}
            description={[card.company, t('screening.home.firstContact', { when: format.relative(card.openedAt) })].filter(Boolean).join(' · ')}
            onClick={() => void navigate(`/m/leads/${card.leadId}/screening`)}
            data-testid="home-screening-card"
          >
            {card.leadName}
          </List.Item>
        ))}
      </List>
    </section>
  );
}
