/**
 * Customer 360: the key facts at the top, then the customer's contacts, leads, follow-up timeline, documents and
 * look-alikes. Editing, archive with undo and the owner work as on a lead.
 */
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Statistic, Table, Tabs, Tag, Typography, type TableProps } from 'antd';
import { FileProtectOutlined, PlusOutlined } from '@ant-design/icons';
import { openLeadStages, type Activity, type Contact, type Customer, type Lead, type LeadStage } from '@closeloop/core';
import { useSession } from '../../api/session';
import { ActivityTimeline } from '../records/ActivityTimeline';
import { ContactDrawer } from '../records/ContactDrawer';
import { usePeople, useRegions } from '../../api/directory';
import { DuplicatesPanel } from '../records/DuplicatesPanel';
import { LoadError, Loading } from '../../lib/page-states';
import { RecordNotFound } from '../records/PageStates';
import { isNotFound, useRecord } from '../records/record-api';
import { OwnerField, RecordHeader, useRecordWrites } from '../records/RecordHeader';
import { useCursorList } from '../records/useCursorList';
import { useFormat } from '../../lib/use-format';
import { stageColors } from '../records/vocab';
import { CustomerDrawer } from './CustomerDrawer';

const tabs = ['contacts', 'leads', 'activities', 'documents', 'duplicates'] as const;

export default function CustomerPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const format = useFormat();
  const people = usePeople();
  const regions = useRegions();
  const record = useRecord<Customer>('customers', id);
  const found = !!record.data;
  const contacts = useCursorList<Contact>('contacts', { customerId: id ?? '' }, { enabled: found });
  const leads = useCursorList<Lead>('leads', { customerId: id ?? '', status: 'all' }, { enabled: found });
  const latest = useCursorList<Activity>('activities', { customerId: id ?? '' }, { enabled: found, limit: 1 });
  const [editing, setEditing] = useState(false);
  const [contactEdit, setContactEdit] = useState<{ contact: Contact | null } | null>(null);
  const writes = useRecordWrites<Customer>('customers');

  if (record.isPending) return <Loading />;
  if (record.isError) return isNotFound(record.error) ? <RecordNotFound kind="customers" /> : <LoadError error={record.error} onRetry={() => void record.refetch()} />;
  const customer = record.data;
  const canWrite = can('crm.write');
  const active = customer.status === 'active';
  const tab = tabs.find((key) => key === params.get('tab')) ?? 'contacts';
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const countOf = (list: { items: unknown[]; hasNextPage: boolean }) => `${list.items.length}${list.hasNextPage ? '+' : ''}`;
  const openLeads = leads.items.filter((lead) => lead.status === 'active' && (openLeadStages as readonly LeadStage[]).includes(lead.stage));

  const contactsTab = (
    <RelatedTable<Contact>
      testId="customer-contacts"
      add={canWrite && active && (
        <Button icon={<PlusOutlined />} onClick={() => setContactEdit({ contact: null })} data-testid="add-contact">{t('customers.page.addContact')}</Button>
      )}
      list={contacts}
      emptyText={t('customers.page.noContacts')}
      onRow={(contact) => ({ onClick: () => canWrite && setContactEdit({ contact }), style: { cursor: canWrite ? 'pointer' : undefined } })}
      columns={[
        {
          key: 'name', title: t('contacts.fields.name'),
          render: (_, contact) => (
            <Space>
              {contact.name}
              {contact.isDecisionMaker && <Tag color="gold">{t('contacts.fields.decisionMakerTag')}</Tag>}
            </Space>
          ),
        },
        { key: 'title', title: t('contacts.fields.title'), render: (_, contact) => contact.title ?? '' },
        { key: 'phone', title: t('contacts.fields.phone'), render: (_, contact) => contact.phone ?? '' },
        { key: 'email', title: t('contacts.fields.email'), render: (_, contact) => contact.email ?? '' },
      ]}
      moreTestId="contacts-load-more"
    />
  );

  const leadsTab = (
    <RelatedTable<Lead>
      testId="customer-leads"
      add={canWrite && active && (
        <Button icon={<PlusOutlined />} onClick={() => navigate(`/leads?customerId=${customer.id}&create=1`)} data-testid="add-lead">{t('customers.page.addLead')}</Button>
      )}
      list={leads}
      emptyText={t('customers.page.noLeads')}
      onRow={(lead) => ({ onClick: () => navigate(`/leads/${lead.id}`), style: { cursor: 'pointer' } })}
      columns={[
        {
          key: 'name', title: t('leads.fields.name'),
          render: (_, lead) => (
            <Space>
              <Link to={`/leads/${lead.id}`}>{lead.name}</Link>
              {lead.status === 'archived' && <Tag>{t('vocab.status.archived')}</Tag>}
            </Space>
          ),
        },
        { key: 'stage', title: t('leads.fields.stage'), render: (_, lead) => <Tag color={stageColors[lead.stage]}>{t(`vocab.stage.${lead.stage}`)}</Tag> },
        { key: 'owner', title: t('leads.fields.owner'), render: (_, lead) => people.byId.get(lead.ownerId)?.name ?? '' },
        { key: 'lastActivityAt', title: t('leads.fields.lastActivityAt'), render: (_, lead) => format.dateTime(lead.lastActivityAt) },
      ]}
      moreTestId="leads-load-more"
    />
  );

  const documentsTab = (
    <Empty image={<FileProtectOutlined style={{ fontSize: 48, color: '#bfbfbf' }} />} styles={{ image: { height: 56 } }} description={t('customers.page.documentsEmpty')} data-testid="documents-empty">
      <Typography.Text type="secondary">{t('customers.page.documentsHint')}</Typography.Text>
    </Empty>
  );

  return (
    <div data-testid="customer-page">
      <RecordHeader
        kind="customers"
        record={customer}
        writes={writes}
        canWrite={canWrite}
        onEdit={() => setEditing(true)}
        onReload={() => record.refetch()}
        subtitle={
          <Space size={4} wrap style={{ marginTop: 6 }}>
            <Typography.Text type="secondary">
              {[t(`vocab.industry.${customer.industry}`), customer.regionId && regions.byId.get(customer.regionId)?.name, customer.city].filter(Boolean).join(' · ')}
            </Typography.Text>
            {customer.tags.map((tag) => <Tag key={tag} color="blue">{tag}</Tag>)}
          </Space>
        }
      >
        <Row gutter={16} style={{ marginTop: 20 }} data-testid="customer-facts">
          <Col span={6}>
            <Statistic title={t('customers.fields.creditLimit')} value={customer.creditLimit ? format.money(customer.creditLimit.minor, customer.creditLimit.currency) : '—'} />
          </Col>
          <Col span={6}>
            <Statistic title={t('customers.page.contactCount')} value={contacts.isPending ? '…' : countOf(contacts)} />
          </Col>
          <Col span={6}>
            <Statistic title={t('customers.page.openLeadCount')} value={leads.isPending ? '…' : `${openLeads.length}${leads.hasNextPage ? '+' : ''}`} />
          </Col>
          <Col span={6}>
            <Statistic
              title={t('customers.page.lastActivity')}
              value={latest.isPending ? '…' : latest.items[0] ? format.date(latest.items[0].occurredAt) : t('customers.page.noActivity')}
            />
          </Col>
        </Row>
      </RecordHeader>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card>
            <Tabs
              activeKey={tab}
              onChange={(key) => setParams((current) => { const next = new URLSearchParams(current); next.set('tab', key); return next; }, { replace: true })}
              items={[
                { key: 'contacts', label: t('customers.page.contacts'), children: contactsTab },
                { key: 'leads', label: t('customers.page.leads'), children: leadsTab },
                { key: 'activities', label: t('customers.page.activities'), children: <ActivityTimeline subject={{ customerId: customer.id }} canLog={active} /> },
                { key: 'documents', label: t('customers.page.documents'), children: documentsTab },
                { key: 'duplicates', label: t('customers.page.duplicates'), children: <DuplicatesPanel kind="customers" record={customer} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('customers.page.details')} data-testid="customer-details">
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'owner', label: t('customers.fields.owner'),
                  children: <OwnerField ownerId={customer.ownerId} active={active} busy={writes.busy} onChange={(ownerId) => void writes.change(customer, { ownerId })} />,
                },
                { key: 'size', label: t('customers.fields.size'), children: t(`vocab.companySize.${customer.size}`) },
                { key: 'budget', label: t('customers.fields.budgetBand'), children: t(`vocab.budgetBand.${customer.budgetBand}`) },
                { key: 'decision', label: t('customers.fields.decisionChain'), children: t(`vocab.decisionChain.${customer.decisionChain}`) },
                { key: 'phone', label: t('customers.fields.phone'), children: customer.phone ? <a href={`tel:${customer.phone}`}>{customer.phone}</a> : dash },
                { key: 'email', label: t('customers.fields.email'), children: customer.email ? <a href={`mailto:${customer.email}`}>{customer.email}</a> : dash },
                { key: 'address', label: t('customers.fields.address'), children: customer.address ?? dash },
                { key: 'created', label: t('records.fields.createdAt'), children: format.dateTime(customer.createdAt) },
                { key: 'updated', label: t('records.fields.updatedAt'), children: format.dateTime(customer.updatedAt) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {canWrite && <CustomerDrawer open={editing} customer={customer} onClose={() => setEditing(false)} />}
      {canWrite && <ContactDrawer open={contactEdit !== null} contact={contactEdit?.contact} customerId={customer.id} onClose={() => setContactEdit(null)} />}
    </div>
  );
}

/** A tab listing the customer's contacts or leads: an add button, the rows, a retry when they fail to load, more on request. */
function RelatedTable<T extends { id: string }>({
  testId, add, list, emptyText, onRow, columns, moreTestId,
}: {
  testId: string;
  add: ReactNode;
  list: ReturnType<typeof useCursorList<T>>;
  emptyText: string;
  onRow: TableProps<T>['onRow'];
  columns: TableProps<T>['columns'];
  moreTestId: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      {add && <Flex justify="flex-end" style={{ marginBottom: 12 }}>{add}</Flex>}
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<T>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          pagination={false}
          dataSource={list.items}
          locale={{ emptyText: <Empty description={emptyText} /> }}
          onRow={onRow}
          columns={columns}
        />
      )}
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid={moreTestId}>{t('common.loadMore')}</Button>
        </Flex>
      )}
    </div>
  );
}
