/** Contacts at the desk: the people at customers, searchable across customers; a row opens the contact to edit. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Space, Tag } from 'antd';
import type { Contact } from '@closeloop/core';
import { useSession } from '../../api/session';
import { ContactDrawer } from '../records/ContactDrawer';
import { CustomerSelect } from '../records/pickers';
import { RecordLink } from '../records/RecordLink';
import { RecordListPage } from '../records/RecordListPage';
import type { FilterDef } from '../records/FilterBar';
import type { RecordColumn } from '../records/RecordTable';
import { useFormat } from '../../lib/use-format';
import { useListQuery } from '../records/useListQuery';

export default function ContactListPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const format = useFormat();
  const state = useListQuery('contacts');
  const [editing, setEditing] = useState<{ contact: Contact | null } | null>(null);

  const columns = useMemo((): Array<RecordColumn<Contact>> => [
    {
      key: 'name', sortKey: 'name', title: t('contacts.fields.name'), fixed: 'left',
      render: (_, contact) => (
        <Space size={6}>
          {contact.name}
          {contact.isDecisionMaker && <Tag color="gold">{t('contacts.fields.decisionMakerTag')}</Tag>}
          {contact.status === 'archived' && <Tag>{t('vocab.status.archived')}</Tag>}
        </Space>
      ),
    },
    { key: 'title', title: t('contacts.fields.title'), render: (_, contact) => contact.title ?? '' },
    { key: 'customer', title: t('contacts.fields.customer'), render: (_, contact) => <RecordLink kind="customers" id={contact.customerId} /> },
    { key: 'phone', title: t('contacts.fields.phone'), render: (_, contact) => contact.phone ?? '' },
    { key: 'email', title: t('contacts.fields.email'), render: (_, contact) => contact.email ?? '' },
    { key: 'updatedAt', sortKey: 'updatedAt', title: t('records.fields.updatedAt'), render: (_, contact) => format.dateTime(contact.updatedAt) },
    { key: 'createdAt', sortKey: 'createdAt', title: t('records.fields.createdAt'), render: (_, contact) => format.date(contact.createdAt) },
  ], [t, format]);

  const filters = useMemo((): FilterDef[] => [
    {
      key: 'customerId', placeholder: t('contacts.fields.customer'),
      render: (value, onChange) => <CustomerSelect allowClear value={value} onChange={onChange} style={{ width: 200 }} popupMatchSelectWidth={false} />,
    },
  ], [t]);

  return (
    <>
      <RecordListPage<Contact>
        kind="contacts"
        state={state}
        title={t('contacts.list.title')}
        searchPlaceholder={t('contacts.list.search')}
        filters={filters}
        columns={columns}
        labelOf={(contact) => contact.name}
        onOpen={can('crm.write') ? (contact) => setEditing({ contact }) : undefined}
        reassign={false}
        create={{ label: t('contacts.list.create'), onClick: () => setEditing({ contact: null }) }}
        emptyText={t('contacts.list.empty')}
      />
      <ContactDrawer open={editing !== null} contact={editing?.contact} customerId={editing?.contact ? undefined : state.query.customerId} onClose={() => setEditing(null)} />
    </>
  );
}
