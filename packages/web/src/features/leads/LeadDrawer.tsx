/** Creates a lead or edits one. A new lead opens on its own page, with a word when it looks like one already there. */
import { useTranslation } from 'react-i18next';
import { Col, Form, Input, Row, Select } from 'antd';
import { industries, leadSources, leadStages, type Lead } from '@closeloop/core';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { useAssignment } from '../records/directory';
import { blankToNull } from '../records/form-values';
import { CustomerSelect, PersonSelect, RegionSelect } from '../records/pickers';
import { useSaved } from '../records/record-api';
import { emailRule, phoneRule } from '../records/rules';
import { RecordFormDrawer } from '../records/RecordFormDrawer';
import { useCreateAndOpen, useSaveEdit } from '../records/useRecordSave';
import { vocabOptions } from '../records/vocab';

interface Values {
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  source: Lead['source'];
  stage: Lead['stage'];
  industry: Lead['industry'];
  regionId: string | null;
  city: string | null;
  customerId: string | null;
  intentTags: string[];
  ownerId: string;
}

const fields = ['name', 'company', 'phone', 'email', 'source', 'stage', 'industry', 'regionId', 'city', 'customerId', 'intentTags', 'ownerId'] as const;
const optional = ['company', 'phone', 'email', 'industry', 'regionId', 'city', 'customerId'] as const;

function valuesOf(lead: Lead): Values {
  return {
    name: lead.name, company: lead.company, phone: lead.phone, email: lead.email, source: lead.source, stage: lead.stage, industry: lead.industry,
    regionId: lead.regionId, city: lead.city, customerId: lead.customerId, intentTags: lead.intentTags, ownerId: lead.ownerId,
  };
}

export function LeadDrawer({ open, lead, customerId, onClose }: { open: boolean; lead?: Lead | null; customerId?: string; onClose(): void }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const saved = useSaved();
  const saveEdit = useSaveEdit('leads');
  const create = useCreateAndOpen('leads');
  const { canReassign, assignable } = useAssignment();

  const submit = async (raw: Values) => {
    const values = blankToNull(raw, optional);
    if (!lead) return create(values, onClose);
    await saveEdit(lead, valuesOf(lead), values);
    onClose();
  };

  return (
    <RecordFormDrawer<Values>
      open={open}
      title={lead ? t('leads.form.editTitle', { name: lead.name }) : t('leads.form.createTitle')}
      fields={fields}
      initialValues={lead ? valuesOf(lead) : { source: 'quick_add', stage: 'new', intentTags: [], customerId: customerId ?? null, ownerId: session.user.id }}
      onSubmit={submit}
      onClose={onClose}
      onReload={lead ? async () => valuesOf(saved('leads', await api<Lead>(`/leads/${lead.id}`))) : undefined}
      testId="lead-form"
    >
      <Form.Item name="name" label={t('leads.fields.name')} rules={[{ required: true, whitespace: true, message: t('leads.form.nameRequired') }, { max: 60 }]}>
        <Input maxLength={60} data-testid="lead-name" />
      </Form.Item>
      <Form.Item name="company" label={t('leads.fields.company')} rules={[{ max: 120 }]}>
        <Input maxLength={120} data-testid="lead-company" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="phone" label={t('leads.fields.phone')} rules={[phoneRule(t)]}>
            <Input maxLength={32} inputMode="tel" data-testid="lead-phone" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="email" label={t('leads.fields.email')} rules={[emailRule(t)]}>
            <Input maxLength={254} inputMode="email" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="source" label={t('leads.fields.source')}>
            <Select options={vocabOptions(t, 'source', leadSources)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="stage" label={t('leads.fields.stage')}>
            <Select options={vocabOptions(t, 'stage', leadStages)} data-testid="lead-stage" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="industry" label={t('leads.fields.industry')}>
            <Select allowClear options={vocabOptions(t, 'industry', industries)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="regionId" label={t('leads.fields.region')}>
            <RegionSelect allowClear />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="city" label={t('leads.fields.city')} rules={[{ max: 60 }]}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="customerId" label={t('leads.fields.customer')}>
            <CustomerSelect allowClear />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="intentTags" label={t('leads.fields.intentTags')} extra={t('leads.form.tagsHint')}>
        <Select mode="tags" maxCount={20} tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
      </Form.Item>
      {canReassign && (
        <Form.Item name="ownerId" label={t('leads.fields.owner')}>
          <PersonSelect people={assignable} />
        </Form.Item>
      )}
    </RecordFormDrawer>
  );
}
