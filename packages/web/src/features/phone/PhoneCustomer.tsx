/** One customer on the phone: key facts, its contacts with tap-to-call numbers, its leads and its activities. */
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, List, NoticeBar, Space, Tag } from 'antd-mobile';
import { EditSOutline, PhoneFill } from 'antd-mobile-icons';
import type { Contact, Customer, Lead } from '@closeloop/core';
import { useSession } from '../../api/session';
import { ActivityTimeline } from './ActivityTimeline';
import { LeadItem } from './LeadItem';
import { DetailSkeleton, ListSkeleton, LoadFailed } from './PageStates';
import { PhonePage } from './PhonePage';
import { useFirstRows, useRecord } from './records';
import { useFormat } from '../../lib/use-format';

export default function PhoneCustomer() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useRecord<Customer>('customers', id);
  return (
    <PhonePage title={customer.data?.name ?? t('phone.customer.title')} backTo="/m/customers">
      {customer.isPending ? <DetailSkeleton />
        : customer.isError ? <LoadFailed error={customer.error} onRetry={() => void customer.refetch()} />
        : <CustomerBody customer={customer.data} />}
    </PhonePage>
  );
}

function CustomerBody({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const { can } = useSession();
  const logActivity = () => void navigate(`/m/log?customerId=${customer.id}`);

  return (
    <>
      {customer.mergedInto && (
        <NoticeBar color="info" wrap content={<a onClick={() => void navigate(`/m/customers/${customer.mergedInto}`)}>{t('phone.customer.merged')}</a>} />
      )}
      {customer.status === 'archived' && !customer.mergedInto && <NoticeBar color="default" wrap content={t('phone.customer.archived')} />}

      <div className="pp-card pp-head">
        <div className="pp-head-main">
          <h2 className="pp-head-name">{customer.name}</h2>
          <div className="pp-muted">{[t(`vocab.industry.${customer.industry}`), customer.city].filter(Boolean).join(' · ')}</div>
          {customer.tags.length > 0 && (
            <Space wrap className="pp-head-tags">{customer.tags.map((tag) => <Tag key={tag} color="primary" fill="outline">{tag}</Tag>)}</Space>
          )}
        </div>
      </div>

      <div className="pp-actions pp-actions-row">
        {customer.phone ? (
          <a className="pp-call" href={`tel:${customer.phone}`} data-testid="customer-call"><PhoneFill /> {t('phone.lead.call')}</a>
        ) : (
          <Button block size="large" disabled><PhoneFill /> {t('phone.lead.noPhone')}</Button>
        )}
        {can('crm.write') && (
          <Button block size="large" color="primary" fill="outline" onClick={logActivity} data-testid="customer-log-activity">
            <EditSOutline /> {t('phone.home.logActivity')}
          </Button>
        )}
      </div>

      <List header={t('phone.lead.facts')} className="pp-facts">
        {customer.phone && <List.Item extra={<a href={`tel:${customer.phone}`}>{customer.phone}</a>}>{t('phone.field.phone')}</List.Item>}
        {customer.email && <List.Item extra={<a href={`mailto:${customer.email}`}>{customer.email}</a>}>{t('phone.field.email')}</List.Item>}
        <List.Item extra={t(`vocab.companySize.${customer.size}`)}>{t('phone.field.size')}</List.Item>
        <List.Item extra={t(`vocab.budgetBand.${customer.budgetBand}`)}>{t('phone.field.budget')}</List.Item>
        <List.Item extra={t(`vocab.decisionChain.${customer.decisionChain}`)}>{t('phone.field.decisionChain')}</List.Item>
        {customer.creditLimit && <List.Item extra={format.money(customer.creditLimit.minor, customer.creditLimit.currency)}>{t('phone.field.creditLimit')}</List.Item>}
        {customer.address && <List.Item description={customer.address}>{t('phone.field.address')}</List.Item>}
        <List.Item extra={format.dateTime(customer.updatedAt)}>{t('phone.field.updated')}</List.Item>
      </List>

      <Contacts customerId={customer.id} />
      <CustomerLeads customerId={customer.id} />

      <List header={t('phone.lead.timeline')} className="pp-timeline-list">
        <ActivityTimeline filter={{ customerId: customer.id }} onLog={can('crm.write') ? logActivity : undefined} />
      </List>
    </>
  );
}

function Contacts({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const contacts = useFirstRows<Contact>('/contacts', { customerId, sort: 'name:asc' }, 50);
  const items = contacts.data?.items ?? [];
  return (
    <List header={t('phone.customer.contacts')} data-testid="customer-contacts">
      {contacts.isPending ? <ListSkeleton rows={2} />
        : contacts.isError ? <LoadFailed error={contacts.error} onRetry={() => void contacts.refetch()} />
        : items.length === 0 ? <List.Item className="pp-muted">{t('phone.customer.noContacts')}</List.Item>
        : items.map((contact) => (
          <List.Item
            key={contact.id}
            description={[contact.title, contact.phone].filter(Boolean).join(' · ')}
            extra={contact.phone && (
              <a className="pp-round-call" href={`tel:${contact.phone}`} aria-label={t('phone.lead.call')} data-testid="contact-call"><PhoneFill /></a>
            )}
          >
            {contact.name}
            {contact.isDecisionMaker && <Tag color="warning" fill="outline" className="pp-tag pp-tag-small">{t('phone.customer.decisionMaker')}</Tag>}
          </List.Item>
        ))}
    </List>
  );
}

function CustomerLeads({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const leads = useFirstRows<Lead>('/leads', { customerId, sort: 'lastActivityAt:desc' }, 20);
  const items = leads.data?.items ?? [];
  return (
    <List header={t('phone.customer.leads')} data-testid="customer-leads">
      {leads.isPending ? <ListSkeleton rows={2} />
        : leads.isError ? <LoadFailed error={leads.error} onRetry={() => void leads.refetch()} />
        : items.length === 0 ? <List.Item className="pp-muted">{t('phone.customer.noLeads')}</List.Item>
        : items.map((lead) => <LeadItem key={lead.id} lead={lead} />)}
    </List>
  );
}
