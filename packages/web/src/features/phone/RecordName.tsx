/** The name of the lead or customer an activity belongs to (read once, then shared with its page through the cache). */
import { useTranslation } from 'react-i18next';
import Skeleton from 'antd-mobile/es/components/skeleton';
import type { Customer, Lead } from '@closeloop/core';
import { useRecord } from './records';

export function RecordName({ leadId, customerId }: { leadId: string | null; customerId: string | null }) {
  const { t } = useTranslation();
  const lead = useRecord<Lead>('leads', leadId);
  const customer = useRecord<Customer>('customers', leadId ? null : customerId);
  const record = leadId ? lead : customer;
  if (record.isPending && record.fetchStatus !== 'idle') return <Skeleton.Paragraph lineCount={1} animated className="pp-name-skeleton" />;
  if (!record.data) return <span className="pp-muted">{t('phone.state.unknownRecord')}</span>;
  return <span>{record.data.name}</span>;
}
