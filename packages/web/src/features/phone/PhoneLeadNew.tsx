/**
 * Quick add a lead: name plus a phone or a company, the rest behind "more". The Idempotency-Key lives as long as
 * the form, so a double tap or a retry after a dropped connection never creates the lead twice. The server's field
 * errors land on their fields; likely duplicates it reports are shown with a way to open them.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, List, NoticeBar, Result, Selector, Toast } from 'antd-mobile';
import { DownOutline, UpOutline } from 'antd-mobile-icons';
import { industries, type Lead } from '@closeloop/core';
import { api } from '../../api/client';
import { useSubmitKey } from '../../lib/use-submit-key';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { FieldInput } from './FieldInput';
import { FormRow, without } from './FormRow';
import { PhonePage } from './PhonePage';
import { bodyFieldErrors, saveFailure } from './records';

// The sources a rep picks by hand; web form, import and API leads arrive by themselves.
const handSources = ['quick_add', 'referral', 'exhibition', 'cold_call', 'other'] as const;
const moreFields = ['email', 'city', 'source', 'industry'];

interface Values {
  name: string;
  phone: string;
  company: string;
  email: string;
  city: string;
  source: string;
  industry: string | null;
}
interface Duplicate {
  id: string;
  name: string;
  matchedOn: Array<'phone' | 'email' | 'company'>;
}
interface Created {
  lead: Lead;
  duplicates: Duplicate[];
  hiddenDuplicateCount: number;
}

const blank: Values = { name: '', phone: '', company: '', email: '', city: '', source: 'quick_add', industry: null };

function bodyOf(values: Values): Record<string, unknown> {
  const text = (value: string) => value.trim() || undefined;
  return {
    name: values.name.trim(),
    phone: text(values.phone),
    company: text(values.company),
    email: text(values.email),
    city: text(values.city),
    industry: values.industry ?? undefined,
    source: values.source,
  };
}

export default function PhoneLeadNew() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { can } = useSession();
  const [values, setValues] = useState<Values>(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [more, setMore] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  // One key for the life of this form: every retry of the same lead is the same request to the server.
  // A resend of the same entry (double tap, retry after a dropped connection) creates once.
  const submitKey = useSubmitKey();

  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Created>('/leads', { method: 'POST', body, idempotencyKey: submitKey.keyFor(body) }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ['leads'] });
      if (result.duplicates.length > 0) {
        setCreated(result);
        return;
      }
      Toast.show({
        icon: 'success',
        content: result.hiddenDuplicateCount > 0 ? t('phone.newLead.savedHiddenDuplicates', { count: result.hiddenDuplicateCount }) : t('phone.newLead.saved'),
      });
      void navigate(`/m/leads/${result.lead.id}`, { replace: true });
    },
    onError: (error) => {
      const fields = bodyFieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).some((field) => moreFields.includes(field))) setMore(true);
      setFailure(saveFailure(error, Object.keys(fields).length > 0, t));
    },
  });

  const edit = <K extends keyof Values>(field: K, value: Values[K]) => {
    setValues((current) => ({ ...current, [field]: value }));
    // Phone and company answer one rule together: either clears it.
    setErrors((current) => without(current, field, ...(field === 'phone' || field === 'company' ? ['phone'] : [])));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const found: Record<string, string> = {};
    if (!values.name.trim()) found.name = t('phone.newLead.nameRequired');
    if (!values.phone.trim() && !values.company.trim()) found.phone = t('phone.newLead.phoneOrCompany');
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length === 0) create.mutate(bodyOf(values));
  };

  if (!can('crm.write')) {
    return (
      <PhonePage title={t('phone.newLead.title')} backTo="/m">
        <ErrorBlock status="default" title={t('common.forbidden')} description="" className="pp-block" />
      </PhonePage>
    );
  }
  if (created) return <DuplicateReport created={created} />;

  return (
    <PhonePage title={t('phone.newLead.title')} backTo="/m">
      {failure && <NoticeBar content={failure} color="error" wrap data-testid="form-error" />}
      <form onSubmit={submit} noValidate>
        <List>
          <FormRow label={t('phone.field.name')} error={errors.name} required>
            <FieldInput testId="lead-name" value={values.name} onChange={(v) => edit('name', v)} placeholder={t('phone.newLead.namePlaceholder')} clearable autoComplete="off" maxLength={60} />
          </FormRow>
          <FormRow label={t('phone.field.phone')} error={errors.phone}>
            <FieldInput testId="lead-phone" value={values.phone} onChange={(v) => edit('phone', v)} type="tel" inputMode="tel" placeholder={t('phone.newLead.phonePlaceholder')} clearable autoComplete="off" maxLength={32} />
          </FormRow>
          <FormRow label={t('phone.field.company')} error={errors.company}>
            <FieldInput testId="lead-company" value={values.company} onChange={(v) => edit('company', v)} placeholder={t('phone.newLead.companyPlaceholder')} clearable autoComplete="off" maxLength={120} />
          </FormRow>
          <List.Item>
            <Button fill="none" size="small" color="primary" onClick={() => setMore(!more)} data-testid="lead-more" aria-expanded={more}>
              {more ? <UpOutline /> : <DownOutline />} {more ? t('phone.newLead.fewer') : t('phone.newLead.more')}
            </Button>
          </List.Item>
          <FormRow label={t('phone.field.email')} error={errors.email} hidden={!more}>
            <FieldInput testId="lead-email" value={values.email} onChange={(v) => edit('email', v)} type="email" inputMode="email" clearable autoComplete="off" maxLength={254} />
          </FormRow>
          <FormRow label={t('phone.field.city')} error={errors.city} hidden={!more}>
            <FieldInput testId="lead-city" value={values.city} onChange={(v) => edit('city', v)} clearable autoComplete="off" maxLength={60} />
          </FormRow>
          <FormRow label={t('phone.field.source')} error={errors.source} vertical hidden={!more}>
            <Selector
              columns={3}
              value={[values.source]}
              onChange={(picked) => picked[0] && edit('source', picked[0])}
              options={handSources.map((source) => ({ label: t(`vocab.source.${source}`), value: source }))}
            />
          </FormRow>
          <FormRow label={t('phone.field.industry')} error={errors.industry} vertical hidden={!more}>
            <Selector
              columns={3}
              value={values.industry ? [values.industry] : []}
              onChange={(picked) => edit('industry', picked[0] ?? null)}
              options={industries.map((industry) => ({ label: t(`vocab.industry.${industry}`), value: industry }))}
            />
          </FormRow>
        </List>
        <div className="pp-form-footer">
          <Button block type="submit" color="primary" size="large" loading={create.isPending} data-testid="lead-save">
            {t('common.save')}
          </Button>
        </div>
      </form>
    </PhonePage>
  );
}

/**
 * Saved, but it looks like leads that already exist: say so and let the rep open the one they meant, keep the new
 * one, or discard it (archived, so the audit trail keeps it).
 */
function DuplicateReport({ created }: { created: Created }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const discard = useMutation({
    mutationFn: () => api<Lead>(`/leads/${created.lead.id}/archive`, { method: 'POST', body: { version: created.lead.version } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['leads'] });
      Toast.show({ icon: 'success', content: t('phone.newLead.discarded') });
    },
    onError: (error) => Toast.show({ icon: 'fail', content: errorText(error, t) }),
  });
  const discarded = discard.isSuccess;

  return (
    <PhonePage title={t('phone.newLead.title')} backTo="/m">
      <Result
        status={discarded ? 'info' : 'warning'}
        title={discarded ? t('phone.newLead.discardedTitle') : t('phone.newLead.duplicateTitle')}
        description={discarded ? t('phone.newLead.discardedBody') : t('phone.newLead.duplicateBody')}
        data-testid="duplicate-warning"
      />
      <List header={t('phone.newLead.existing')}>
        {created.duplicates.map((duplicate) => (
          <List.Item
            key={duplicate.id}
            data-testid="duplicate-open"
            onClick={() => void navigate(`/m/leads/${duplicate.id}`, { replace: true })}
            description={t('phone.newLead.matchedOn', { fields: duplicate.matchedOn.map((field) => t(`phone.newLead.matchedField.${field}`)).join(t('phone.listSeparator')) })}
          >
            {duplicate.name}
          </List.Item>
        ))}
      </List>
      {created.hiddenDuplicateCount > 0 && (
        <p className="pp-note">{t('phone.newLead.hiddenDuplicates', { count: created.hiddenDuplicateCount })}</p>
      )}
      {!discarded && (
        <div className="pp-actions pp-actions-stack">
          <Button block color="primary" fill="outline" size="large" onClick={() => void navigate(`/m/leads/${created.lead.id}`, { replace: true })} data-testid="duplicate-keep-new">
            {t('phone.newLead.openNew')}
          </Button>
          <Button block color="danger" fill="none" loading={discard.isPending} onClick={() => discard.mutate()} data-testid="duplicate-discard-new">
            {t('phone.newLead.discard')}
          </Button>
        </div>
      )}
    </PhonePage>
  );
}
