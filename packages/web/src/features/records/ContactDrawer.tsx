/** Creates or edits a contact; from a customer's page the customer is fixed, from the contact list it is picked. */
import { useTranslation } from 'react-i18next';
import { App, Form, Input, Switch } from 'antd';
import type { Contact } from '@closeloop/core';
import { api } from '../../api/client';
import { useSubmitKey } from '../../lib/use-submit-key';
import { blankToNull } from './form-values';
import { CustomerSelect } from './pickers';
import { useSaved } from './record-api';
import { emailRule, phoneRule } from './rules';
import { RecordFormDrawer } from './RecordFormDrawer';
import { useSaveEdit } from './useRecordSave';

interface Values {
  customerId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  isDecisionMaker: boolean;
}

const fields = ['customerId', 'name', 'title', 'phone', 'email', 'isDecisionMaker'] as const;
const optional = ['title', 'phone', 'email'] as const;

function valuesOf(contact: Contact): Values {
  return { customerId: contact.customerId, name: contact.name, title: contact.title, phone: contact.phone, email: contact.email, isDecisionMaker: contact.isDecisionMaker };
}

export function ContactDrawer({
  open, contact, customerId, onClose,
}: {
  open: boolean;
  /** the contact to edit; none to create one */
  contact?: Contact | null;
  /** the customer a new contact belongs to, when fixed */
  customerId?: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useSaved();
  const saveEdit = useSaveEdit('contacts');
  const submitKey = useSubmitKey();

  const submit = async (raw: Values) => {
    const values = blankToNull(raw, optional);
    if (contact) {
      await saveEdit(contact, valuesOf(contact), values);
    } else {
      saved('contacts', await api<Contact>('/contacts', { method: 'POST', body: values, idempotencyKey: submitKey.keyFor(values) }));
      submitKey.done();
      void message.success(t('contacts.form.created', { name: values.name }));
    }
    onClose();
  };

  return (
    <RecordFormDrawer<Values>
      open={open}
      title={contact ? t('contacts.form.editTitle', { name: contact.name }) : t('contacts.form.createTitle')}
      fields={fields}
      initialValues={contact ? valuesOf(contact) : { customerId, isDecisionMaker: false }}
      onSubmit={submit}
      onClose={onClose}
      onReload={contact ? async () => valuesOf(saved('contacts', await api<Contact>(`/contacts/${contact.id}`))) : undefined}
      testId="contact-form"
    >
      <Form.Item name="customerId" label={t('contacts.fields.customer')} rules={[{ required: true, message: t('contacts.form.customerRequired') }]} hidden={!!customerId && !contact}>
        <CustomerSelect data-testid="contact-customer" />
      </Form.Item>
      <Form.Item name="name" label={t('contacts.fields.name')} rules={[{ required: true, whitespace: true, message: t('contacts.form.nameRequired') }, { max: 60 }]}>
        <Input maxLength={60} data-testid="contact-name" />
      </Form.Item>
      <Form.Item name="title" label={t('contacts.fields.title')} rules={[{ max: 60 }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="phone" label={t('contacts.fields.phone')} rules={[phoneRule(t)]}>
        <Input maxLength={32} inputMode="tel" data-testid="contact-phone" />
      </Form.Item>
      <Form.Item name="email" label={t('contacts.fields.email')} rules={[emailRule(t)]}>
        <Input maxLength={254} inputMode="email" />
      </Form.Item>
      <Form.Item name="isDecisionMaker" label={t('contacts.fields.isDecisionMaker')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </RecordFormDrawer>
  );
}
