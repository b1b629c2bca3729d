/**
 * Customer 360: the key facts at the top, then the customer's contacts, leads, follow-up timeline, documents and
 * look-alikes. Editing, archive with undo and the owner work as on a lead.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, App, Breadcrumb, Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { EditOutlined, FileProtectOutlined, InboxOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import type { Activity, Contact, Customer, Lead } from '@closeloop/core';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { ActivityTimeline } from '../records/ActivityTimeline';
import { ContactDrawer } from '../records/ContactDrawer';
import { useAssignment, usePeople, useRegions } from '../records/directory';
import { DuplicatesPanel } from '../records/DuplicatesPanel';
import { LoadError, PageSkeleton, RecordNotFound } from '../records/PageStates';
import { PersonSelect } from '../records/pickers';
import { isNotFound, isStale, patchRecord, useRecord, useSaved } from '../records/record-api';
import { useArchive } from '../records/useArchive';
import { useCursorList } from '../records/useCursorList';
import { useFormat } from '../records/useFormat';
import { stageColors } from '../records/vocab';
import { CustomerDrawer } from './CustomerDrawer';

const tabs = ['contacts', 'leads', 'activities', 'documents', 'duplicates'] as const;

export default function CustomerPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const format = useFormat();
  const people = usePeople();
  const regions = useRegions();
  const { canReassign, assignable } = useAssignment();
  const saved = useSaved();
  const record = useRecord<Customer>('customers', id);
  const found = !!record.data;
  const contacts = useCursorList<Contact>('contacts', { customerId: id ?? '' }, { enabled: found });
  const leads = useCursorList<Lead>('leads', { customerId: id ?? '', status: 'all' }, { enabled: found });
  const latest = useCursorList<Activity>('activities', { customerId: id ?? '' }, { enabled: found, limit: 1 });
  const [editing, setEditing] = useState(false);
  const [contactEdit, setContactEdit] = useState<{ contact: Contact | null } | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { archive, restore } = useArchive('customers', setConflict);

  if (record.isPending) return <PageSkeleton />;
  if (record.isError) return isNotFound(record.error) ? <RecordNotFound kind="customers" /> : <LoadError error={record.error} onRetry={() => void record.refetch()} />;
  const customer = record.data;
  const canWrite = can('crm.write');
  const active = customer.status === 'active';
  const tab = tabs.find((key) => key === params.get('tab')) ?? 'contacts';
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const owner = people.byId.get(customer.ownerId)?.name ?? '';
  const countOf = (list: { items: unknown[]; hasNextPage: boolean }) => `${list.items.length}${list.hasNextPage ? '+' : ''}`;
  const openLeads = leads.items.filter((lead) => lead.status === 'active' && lead.stage !== 'won' && lead.stage !== 'lost');

  const changeOwner = async (ownerId: string) => {
    setBusy(true);
    setConflict(null);
    try {
      saved('customers', await patchRecord<Customer>('customers', customer, { ownerId }));
      void message.success(t('common.saved'));
    } catch (error) {
      if (isStale(error)) setConflict(errorText(error, t));
      else void message.error(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  const more = (list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): unknown }, testId: string) =>
    list.hasNextPage && (
      <Flex justify="center" style={{ marginTop: 12 }}>
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid={testId}>{t('common.loadMore')}</Button>
      </Flex>
    );

  const contactsTab = (
    <div data-testid="customer-contacts">
      {canWrite && active && (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setContactEdit({ contact: null })} data-testid="add-contact">{t('customers.page.addContact')}</Button>
        </Flex>
      )}
      {contacts.isError ? (
        <LoadError error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : (
        <Table<Contact>
          rowKey="id"
          size="middle"
          loading={contacts.isPending}
          pagination={false}
          dataSource={contacts.items}
          locale={{ emptyText: <Empty description={t('customers.page.noContacts')} /> }}
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
        />
      )}
      {more(contacts, 'contacts-load-more')}
    </div>
  );

  const leadsTab = (
    <div data-testid="customer-leads">
      {canWrite && active && (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => navigate(`/leads?customerId=${customer.id}&create=1`)} data-testid="add-lead">{t('customers.page.addLead')}</Button>
        </Flex>
      )}
      {leads.isError ? (
        <LoadError error={leads.error} onRetry={() => void leads.refetch()} />
      ) : (
        <Table<Lead>
          rowKey="id"
          size="middle"
          loading={leads.isPending}
          pagination={false}
          dataSource={leads.items}
          locale={{ emptyText: <Empty description={t('customers.page.noLeads')} /> }}
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
        />
      )}
      {more(leads, 'leads-load-more')}
    </div>
  );

  const documentsTab = (
    <Empty image={<FileProtectOutlined style={{ fontSize: 48, color: '#bfbfbf' }} />} styles={{ image: { height: 56 } }} description={t('customers.page.documentsEmpty')} data-testid="documents-empty">
      <Typography.Text type="secondary">{t('customers.page.documentsHint')}</Typography.Text>
    </Empty>
  );

  return (
    <div data-testid="customer-page">
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/customers">{t('customers.list.title')}</Link> }, { title: customer.name }]} />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          title={conflict}
          style={{ marginBottom: 16 }}
          data-testid="version-conflict"
          action={<Button size="small" onClick={() => void record.refetch().then(() => setConflict(null))} data-testid="conflict-reload">{t('records.conflict.reload')}</Button>}
        />
      )}
      {customer.mergedInto && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('customers.page.merged')} action={<Link to={`/customers/${customer.mergedInto}`}>{t('customers.page.openMerged')}</Link>} />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
              {customer.name}
              {!active && <Tag style={{ marginInlineStart: 12, verticalAlign: 'middle' }}>{t('vocab.status.archived')}</Tag>}
            </Typography.Title>
            <Space size={4} wrap style={{ marginTop: 6 }}>
              <Typography.Text type="secondary">
                {[t(`vocab.industry.${customer.industry}`), customer.regionId && regions.byId.get(customer.regionId)?.name, customer.city].filter(Boolean).join(' · ')}
              </Typography.Text>
              {customer.tags.map((tag) => <Tag key={tag} color="blue">{tag}</Tag>)}
            </Space>
          </div>
          {canWrite && (
            <Space>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={!active} data-testid="edit-button">{t('common.edit')}</Button>
              {active ? (
                <Button icon={<InboxOutlined />} onClick={() => void archive(customer)} data-testid="archive-button">{t('common.archive')}</Button>
              ) : (
                !customer.mergedInto && <Button icon={<RollbackOutlined />} onClick={() => void restore(customer)} data-testid="restore-button">{t('common.restore')}</Button>
              )}
            </Space>
          )}
        </Flex>
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
      </Card>
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
                  children:
                    canReassign && active ? (
                      <span data-testid="owner-select">
                        <PersonSelect people={assignable} value={customer.ownerId} onChange={(ownerId) => void changeOwner(ownerId)} disabled={busy} size="small" style={{ minWidth: 160 }} />
                      </span>
                    ) : (
                      owner
                    ),
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
