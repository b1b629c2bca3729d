/**
 * The screening card on the desk's lead page (A2): where it stands, its answers once completed (with a way to correct
 * them), or the form — intent, cadence (following the intent until set), tags as chips, and the facts with where each
 * known one came from.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Descriptions, Flex, Input, InputNumber, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import {
  budgetBands, companySizes, decisionChains, industries, intentLevels, screeningFacts, type Lead, type ScreeningCard, type ScreeningFact,
} from '@closeloop/core';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { useFormat } from '../../lib/use-format';
import { useCompleteScreening, useScreeningCard } from './api';
import { addTag, chipsOf, completionOf, draftOf, toggleTag, withCadence, withIntent } from './form-draft';

const choices: Record<ScreeningFact, readonly string[]> = {
  industry: industries,
  companySize: companySizes,
  budgetBand: budgetBands.filter((b) => b !== 'unknown'),
  decisionChain: decisionChains.filter((d) => d !== 'unknown'),
};
const statusColor = { none: 'default', open: 'warning', completed: 'success' } as const;

export function ScreeningCardPanel({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const card = useScreeningCard(lead.id);
  const [editing, setEditing] = useState(false);
  const canWrite = can('crm.write') && lead.status === 'active' && !lead.mergedInto;

  const status = card.data?.status;
  const note = card.data
    ? card.data.status === 'completed' && card.data.completedAt ? t('screening.completedAt', { time: format.dateTime(card.data.completedAt) })
      : card.data.remindedAt ? t('screening.remindedAt', { time: format.dateTime(card.data.remindedAt) })
      : card.data.status === 'open' && card.data.remindAt ? t('screening.remindAt', { time: format.dateTime(card.data.remindAt) })
      : null
    : null;

  return (
    <Card
      title={<Space>{t('screening.title')}{status && <Tag color={statusColor[status]}>{t(`screening.status.${status}`)}</Tag>}</Space>}
      extra={status === 'completed' && canWrite && !editing && <Button size="small" onClick={() => setEditing(true)}>{t('screening.correct')}</Button>}
      style={{ marginBottom: 16 }}
      data-testid="screening-card"
    >
      {card.isPending ? <Skeleton active paragraph={{ rows: 3 }} />
        : card.isError ? <Typography.Text type="danger">{t('screening.loadFailed')} {errorText(card.error, t)}</Typography.Text>
        : (
          <>
            {note && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{note}</Typography.Paragraph>}
            {card.data.status === 'completed' && !editing && <Answers card={card.data} />}
            {(card.data.status !== 'completed' || editing) && canWrite && (
              <ScreeningForm key={card.data.version} card={card.data} leadId={lead.id} onDone={() => setEditing(false)} />
            )}
          </>
        )}
    </Card>
  );
}

function Answers({ card }: { card: ScreeningCard }) {
  const { t } = useTranslation();
  const { answers } = card;
  const unknown = <Typography.Text type="secondary">{t('screening.facts.unknown')}</Typography.Text>;
  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: 'intent', label: t('screening.intent.label'), children: t(`screening.intent.${answers.intentLevel}`) },
        { key: 'cadence', label: t('screening.cadence.label'), children: t('screening.cadence.days', { count: answers.cadenceDays }) },
        { key: 'tags', label: t('screening.tags.label'), children: answers.intentTags.length ? answers.intentTags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—' },
        ...screeningFacts.map((fact) => ({
          key: fact, label: t(`screening.facts.${fact}`), children: answers[fact] ? t(`vocab.${fact}.${answers[fact]}`) : unknown,
        })),
      ]}
    />
  );
}

function ScreeningForm({ card, leadId, onDone }: { card: ScreeningCard; leadId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const complete = useCompleteScreening(leadId);
  const [draft, setDraft] = useState(() => draftOf(card));
  const [typed, setTyped] = useState('');

  const save = () =>
    complete.mutate(completionOf(draft, card.version), {
      onSuccess: (saved) => {
        void message.success(t('screening.saved', { intent: t(`screening.intent.${saved.answers.intentLevel}`), days: saved.answers.cadenceDays }));
        onDone();
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) modal.warning({ content: t('screening.stale') });
        else void message.error(errorText(error, t));
      },
    });

  return (
    <Flex vertical gap={12}>
      <div>
        <Typography.Text strong>{t('screening.intent.label')}</Typography.Text>
        <div>
          <Radio.Group
            value={draft.intentLevel}
            onChange={(e) => setDraft((d) => withIntent(d, e.target.value, card.cadenceDays))}
            optionType="button"
            buttonStyle="solid"
            style={{ marginTop: 4 }}
          >
            {intentLevels.map((level) => (
              <Radio.Button key={level} value={level} data-testid={`screening-intent-${level}`}>{t(`screening.intent.${level}`)}</Radio.Button>
            ))}
          </Radio.Group>
        </div>
      </div>
      <div>
        <Typography.Text strong>{t('screening.cadence.label')}</Typography.Text>
        <div>
          <InputNumber
            min={1} max={180} value={draft.cadenceDays} onChange={(days) => days && setDraft((d) => withCadence(d, days))}
            suffix={t('screening.cadence.unit')} style={{ width: 140, marginTop: 4 }}
            data-testid="screening-cadence"
          />
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('screening.cadence.byIntent', { days: card.cadenceDays[draft.intentLevel] })}</Typography.Text></div>
        </div>
      </div>
      <div>
        <Typography.Text strong>{t('screening.tags.label')}</Typography.Text>
        <Flex wrap gap={6} style={{ marginTop: 4 }} data-testid="screening-tags">
          {chipsOf(card, draft).map((tag) => (
            <Tag.CheckableTag key={tag} checked={draft.intentTags.includes(tag)} onChange={() => setDraft((d) => toggleTag(d, tag))}>{tag}</Tag.CheckableTag>
          ))}
        </Flex>
        <Space.Compact style={{ marginTop: 6, width: '100%' }}>
          <Input
            value={typed} maxLength={32} placeholder={t('screening.tags.add')} onChange={(e) => setTyped(e.target.value)}
            onPressEnter={() => { setDraft((d) => addTag(d, typed)); setTyped(''); }}
          />
          <Button disabled={!typed.trim()} onClick={() => { setDraft((d) => addTag(d, typed)); setTyped(''); }}>{t('screening.tags.addButton')}</Button>
        </Space.Compact>
      </div>
      <div>
        <Typography.Text strong>{t('screening.facts.label')}</Typography.Text>
        {screeningFacts.map((fact) => (
          <Flex key={fact} align="center" gap={8} style={{ marginTop: 6 }}>
            <Typography.Text style={{ width: 96, flex: 'none' }}>{t(`screening.facts.${fact}`)}</Typography.Text>
            <Select
              allowClear
              style={{ flex: 1, minWidth: 0 }}
              placeholder={t('screening.facts.unknown')}
              value={draft[fact] ?? undefined}
              onChange={(value?: string) => setDraft((d) => ({ ...d, [fact]: value ?? null }))}
              options={choices[fact].map((option) => ({ value: option, label: t(`vocab.${fact}.${option}`) }))}
            />
            {card.sources[fact] && <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>{t(`screening.facts.from.${card.sources[fact]}`)}</Typography.Text>}
          </Flex>
        ))}
      </div>
      <Flex gap={8}>
        <Button type="primary" block loading={complete.isPending} onClick={save} data-testid="screening-save">{t('screening.save')}</Button>
        {card.status === 'completed' && <Button onClick={onDone}>{t('screening.cancel')}</Button>}
      </Flex>
    </Flex>
  );
}
