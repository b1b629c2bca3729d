/**
 * The desk's next-action picker (A4): the company's kinds as chips, the due time (the kind's default until changed),
 * an optional note. The due time is shown and picked on the company's clock; the form converts it.
 */
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { Button, DatePicker, Flex, Form, Input, Tag, Typography } from 'antd';
import { nextActionLabel, type NextActionKind } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import type { PlannedAction } from './capture-form';

interface Props {
  kinds: NextActionKind[];
  loading: boolean;
  /** Set when the company's list could not be loaded. */
  onRetry?: (() => void) | undefined;
  planned: PlannedAction | null;
  required: boolean;
  due: Dayjs | null;
  error?: string | undefined;
  /** A due time the note itself names (core's suggestedDueAt), offered with one click. */
  suggestion: string | null;
  onPick(kind: NextActionKind): void;
  onDue(due: Dayjs | null): void;
  onNote(note: string): void;
  onUseSuggestion(at: string): void;
  disabledDate(day: Dayjs): boolean;
}

export function NextActionPicker({ kinds, loading, onRetry, planned, required, due, error, suggestion, onPick, onDue, onNote, onUseSuggestion, disabledDate }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const locale = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';

  return (
    <Form.Item
      label={t('capture.nextAction.label')}
      required={required}
      validateStatus={error ? 'error' : undefined}
      help={error ?? (required ? undefined : t('capture.nextAction.optional'))}
      style={{ marginBottom: 12 }}
    >
      {loading ? (
        <Typography.Text type="secondary">{t('capture.nextAction.loading')}</Typography.Text>
      ) : onRetry ? (
        <Typography.Text type="danger" data-testid="next-action-load-failed">
          {t('capture.nextAction.loadFailed')} <Button type="link" size="small" onClick={onRetry}>{t('common.retry')}</Button>
        </Typography.Text>
      ) : (
        <Flex gap={8} wrap data-testid="next-action-kind" role="radiogroup" aria-label={t('capture.nextAction.label')}>
          {kinds.map((kind) => (
            <Tag.CheckableTag
              key={kind.code}
              checked={planned?.kind === kind.code}
              onChange={() => onPick(kind)}
              style={{ padding: '4px 10px', border: '1px solid #d9d9d9' }}
              data-testid={`next-action-kind-${kind.code}`}
            >
              {nextActionLabel(kinds, kind.code, locale)}
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
      {planned && (
        <Flex gap={12} wrap align="center" style={{ marginTop: 12 }}>
          <span>{t('capture.nextAction.due')}</span>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={due}
            allowClear={false}
            onChange={(value) => onDue(value)}
            disabledDate={disabledDate}
            data-testid="next-action-due"
          />
          <Input
            value={planned.note}
            onChange={(event) => onNote(event.target.value)}
            maxLength={500}
            placeholder={t('capture.nextAction.note')}
            style={{ flex: '1 1 220px', minWidth: 180 }}
            data-testid="next-action-note"
          />
        </Flex>
      )}
      {suggestion && planned && suggestion !== planned.dueAt && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('capture.nextAction.fromText', { date: format.dateTime(suggestion) })}{' '}
          <Button type="link" size="small" onClick={() => onUseSuggestion(suggestion)} data-testid="next-action-use-suggestion">{t('capture.nextAction.useIt')}</Button>
        </Typography.Text>
      )}
    </Form.Item>
  );
}
