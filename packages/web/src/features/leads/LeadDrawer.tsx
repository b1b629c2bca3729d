/** Creates a lead or edits one. A new lead opens on its own page, with a word when it looks like one already there. */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { App, Col, Form, Input, Row, Select } from 'antd';
import { industries, leadSources, leadStages, type Lead } from '@closeloop/core';
import { api } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { useAssignment } from '../records/directory';
import { blankToNull, changedFields } from '../records/form-values';
import { CustomerSelect, PersonSelect, RegionSelect } from '../records/pickers';
import { patchRecord, useSaved } from '../records/record-api';
import { emailRule, phoneRule } from '../records/rules';
import { RecordFormDrawer } from '../records/RecordFormDrawer';
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

interface Created {
  lead: Lead;
  duplicates: unknown[];
  hiddenDuplicateCount: number;
}

export function LeadDrawer({ open, lead, customerId, onClose }: { open: boolean; lead?: Lead | null; customerId?: string; onClose(): void }) {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const navigate = useNavigate();
  const session = useSignedIn();
  const saved = useSaved();
  const { canReassign, assignable } = useAssignment();

  const submit = async (raw: Values) => {
    const values = blankToNull(raw, optional);
    if (lead) {
      const changes = changedFields(valuesOf(lead) as unknown as Record<string, unknown>, values as unknown as Record<string, unknown>);
      if (Object.keys(changes).length > 0) saved('leads', await patchRecord<Lead>('leads', lead, changes));
      void message.success(t('common.saved'));
      onClose();
      return;
    }
    const created = await api<Created>('/leads', { method: 'POST', body: values });
    saved('leads', created.lead);
    const lookalikes = created.duplicates.length + created.hiddenDuplicateCount;
    if (lookalikes > 0) notification.warning({ title: t('leads.form.duplicatesTitle'), description: t('leads.form.duplicates', { count: lookalikes }) });
    else void message.success(t('leads.form.created', { name: created.lead.name }));
    onClose();
    navigate(`/leads/${created.lead.id}`);
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
