/** Creates a customer or edits one. The credit limit is typed as an amount and sent as integer minor units. */
import { useTranslation } from 'react-i18next';
import { Col, Form, Input, Row, Select, Space } from 'antd';
import { budgetBands, companySizes, currencies, decisionChains, industries, type Customer } from '@closeloop/core';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { useAssignment } from '../records/directory';
import { blankToNull } from '../records/form-values';
import { fromMinor, toMinor } from '../records/money';
import { PersonSelect, RegionSelect } from '../records/pickers';
import { useSaved } from '../records/record-api';
import { emailRule, phoneRule } from '../records/rules';
import { RecordFormDrawer } from '../records/RecordFormDrawer';
import { useCreateAndOpen, useSaveEdit } from '../records/useRecordSave';
import { vocabOptions } from '../records/vocab';

interface Values {
  name: string;
  industry: Customer['industry'];
  regionId: string | null;
  city: string | null;
  address: string | null;
  size: Customer['size'];
  budgetBand: Customer['budgetBand'];
  decisionChain: Customer['decisionChain'];
  creditAmount: string | null;
  creditCurrency: string;
  phone: string | null;
  email: string | null;
  tags: string[];
  ownerId: string;
}

const fields = ['name', 'industry', 'regionId', 'city', 'address', 'size', 'budgetBand', 'decisionChain', 'creditLimit', 'phone', 'email', 'tags', 'ownerId'] as const;
const optional = ['regionId', 'city', 'address', 'phone', 'email'] as const;

function valuesOf(customer: Customer): Values {
  return {
    name: customer.name, industry: customer.industry, regionId: customer.regionId, city: customer.city, address: customer.address, size: customer.size,
    budgetBand: customer.budgetBand, decisionChain: customer.decisionChain,
    creditAmount: customer.creditLimit ? fromMinor(customer.creditLimit.minor, customer.creditLimit.currency) : null,
    creditCurrency: customer.creditLimit?.currency ?? 'CNY', phone: customer.phone, email: customer.email, tags: customer.tags, ownerId: customer.ownerId,
  };
}

/** The request body: the form's fields, with the credit limit as money. */
function bodyOf(values: Values) {
  const { creditAmount, creditCurrency, ...rest } = blankToNull(values, optional);
  const minor = creditAmount ? toMinor(creditAmount, creditCurrency) : null;
  return { ...rest, creditLimit: minor === null ? null : { minor, currency: creditCurrency } };
}

export function CustomerDrawer({ open, customer, onClose }: { open: boolean; customer?: Customer | null; onClose(): void }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const saved = useSaved();
  const saveEdit = useSaveEdit('customers');
  const create = useCreateAndOpen('customers');
  const { canReassign, assignable } = useAssignment();

  const submit = async (values: Values) => {
    const body = bodyOf(values);
    if (!customer) return create(body, onClose);
    await saveEdit(customer, { ...customer, creditLimit: customer.creditLimit ?? null }, body);
    onClose();
  };

  const amountRule = ({ getFieldValue }: { getFieldValue(name: string): unknown }) => ({
    validator: async (_: unknown, value: string | null) => {
      if (value && toMinor(value, String(getFieldValue('creditCurrency'))) === null) throw new Error(t('customers.form.amountInvalid'));
    },
  });

  return (
    <RecordFormDrawer<Values>
      open={open}
      title={customer ? t('customers.form.editTitle', { name: customer.name }) : t('customers.form.createTitle')}
      fields={[...fields, 'creditAmount']}
      aliases={{ creditLimit: 'creditAmount' }}
      initialValues={
        customer
          ? valuesOf(customer)
          : { size: 'small', budgetBand: 'unknown', decisionChain: 'unknown', tags: [], creditCurrency: session.org.currency, ownerId: session.user.id }
      }
      onSubmit={submit}
      onClose={onClose}
      onReload={customer ? async () => valuesOf(saved('customers', await api<Customer>(`/customers/${customer.id}`))) : undefined}
      testId="customer-form"
    >
      <Form.Item name="name" label={t('customers.fields.name')} rules={[{ required: true, whitespace: true, message: t('customers.form.nameRequired') }, { max: 120 }]}>
        <Input maxLength={120} data-testid="customer-name" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="industry" label={t('customers.fields.industry')} rules={[{ required: true, message: t('customers.form.industryRequired') }]}>
            <Select options={vocabOptions(t, 'industry', industries)} data-testid="customer-industry" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="regionId" label={t('customers.fields.region')}>
            <RegionSelect allowClear />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="city" label={t('customers.fields.city')} rules={[{ max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="address" label={t('customers.fields.address')} rules={[{ max: 200 }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="size" label={t('customers.fields.size')}>
            <Select options={vocabOptions(t, 'companySize', companySizes)} popupMatchSelectWidth={false} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="budgetBand" label={t('customers.fields.budgetBand')}>
            <Select options={vocabOptions(t, 'budgetBand', budgetBands)} popupMatchSelectWidth={false} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="decisionChain" label={t('customers.fields.decisionChain')}>
            <Select options={vocabOptions(t, 'decisionChain', decisionChains)} popupMatchSelectWidth={false} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('customers.fields.creditLimit')} required={false}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="creditCurrency" noStyle>
            <Select options={currencies.map((code) => ({ value: code, label: code }))} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="creditAmount" noStyle dependencies={['creditCurrency']} rules={[amountRule]}>
            <Input inputMode="decimal" placeholder={t('customers.form.amountPlaceholder')} data-testid="customer-credit" />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldError }) =>
          getFieldError('creditAmount').map((text) => (
            <div key={text} className="ant-form-item-explain-error" style={{ marginTop: -16, marginBottom: 16 }}>{text}</div>
          ))
        }
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="phone" label={t('customers.fields.phone')} rules={[phoneRule(t)]}>
            <Input maxLength={32} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="email" label={t('customers.fields.email')} rules={[emailRule(t)]}>
            <Input maxLength={254} inputMode="email" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="tags" label={t('customers.fields.tags')} extra={t('customers.form.tagsHint')}>
        <Select mode="tags" maxCount={20} tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
      </Form.Item>
      {canReassign && (
        <Form.Item name="ownerId" label={t('customers.fields.owner')}>
          <PersonSelect people={assignable} />
        </Form.Item>
      )}
    </RecordFormDrawer>
  );
}
