/**
 * Writing or editing a script and the leads it is for. Each rule is a multi-select of the vocabulary; left empty it
 * fits any lead. An edit sends only what changed, with the version read, so a concurrent edit is refused and said.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Drawer, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { industries, knownBudgetBands, knownDecisionChains, leadStages, type TalkTrack, type TalkTrackCreate } from '@closeloop/core';
import { FormError } from '../admin/components/FormError';
import { useServerErrors } from '../admin/hooks/useServerErrors';
import { useSubmitKey } from '../../lib/use-submit-key';
import { useSaveTrack, type ScriptLocale } from './api';

type Values = TalkTrackCreate;
const ruleFields = [
  ['industries', 'industry', industries],
  ['budgetBands', 'budgetBand', knownBudgetBands],
  ['decisionChains', 'decisionChain', knownDecisionChains],
  ['stages', 'stage', leadStages],
] as const;

function valuesOf(track: TalkTrack | null, locale: ScriptLocale): Values {
  if (!track) return { title: '', body: '', locale, industries: [], budgetBands: [], decisionChains: [], stages: [] };
  const { title, body, industries: i, budgetBands, decisionChains, stages } = track;
  return { title, body, locale: track.locale, industries: i, budgetBands, decisionChains, stages };
}

/** `track` null: a new script, in `locale` unless changed. */
export function TalkTrackForm({ open, track, locale, onClose }: { open: boolean; track: TalkTrack | null; locale: ScriptLocale; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const submitKey = useSubmitKey();
  const save = useSaveTrack(submitKey);

  useEffect(() => {
    if (!open) return;
    form.setFieldsValue(valuesOf(track, locale));
    clear();
  }, [open, track, locale, form, clear]);

  const submit = (values: Values) => {
    clear();
    const before = valuesOf(track, locale);
    const body = track
      ? Object.fromEntries(Object.entries(values).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof Values])))
      : values;
    if (track && Object.keys(body).length === 0) return onClose();
    save.mutate({ track, body }, {
      onSuccess: () => {
        void message.success(t('talkTracks.admin.form.saved'));
        onClose();
      },
      onError: show,
    });
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      title={t(track ? 'talkTracks.admin.form.editTitle' : 'talkTracks.admin.form.createTitle')}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="save-button">{t('common.save')}</Button>
        </Space>
      }
    >
      <FormError message={formError} />
      <Form<Values> form={form} layout="vertical" onValuesChange={edited} onFinish={submit} data-testid="talk-track-form">
        <Form.Item name="title" label={t('talkTracks.admin.form.title')} extra={t('talkTracks.admin.form.titleHelp')}
          rules={[{ required: true, whitespace: true, message: t('talkTracks.admin.form.titleRequired') }, { max: 120 }]}>
          <Input data-testid="talk-track-title" />
        </Form.Item>
        <Form.Item name="locale" label={t('talkTracks.admin.form.locale')}>
          <Radio.Group optionType="button" options={(['zh-CN', 'en'] as const).map((value) => ({ value, label: t(`talkTracks.admin.locale.${value}`) }))} />
        </Form.Item>
        <Form.Item name="body" label={t('talkTracks.admin.form.body')} extra={t('talkTracks.admin.form.bodyHelp')}
          rules={[{ required: true, whitespace: true, message: t('talkTracks.admin.form.bodyRequired') }, { max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} showCount maxLength={5000} data-testid="talk-track-body-input" />
        </Form.Item>
        <Typography.Title level={5}>{t('talkTracks.admin.form.rules')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('talkTracks.admin.form.rulesHelp')}</Typography.Paragraph>
        {ruleFields.map(([name, vocab, values]) => (
          <Form.Item key={name} name={name} label={t(`talkTracks.admin.form.${name}`)}>
            <Select
              mode="multiple"
              allowClear
              placeholder={t('talkTracks.admin.form.any')}
              options={values.map((value) => ({ value, label: t(`vocab.${vocab}.${value}`) }))}
              data-testid={`talk-track-${name}`}
            />
          </Form.Item>
        ))}
      </Form>
    </Drawer>
  );
}
