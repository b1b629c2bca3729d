/**
 * A person's own notification settings (H2): per kind of notification, the channels besides the inbox (email and the
 * company's DingTalk / WeCom group robots), and quiet hours in the company time zone, during which email and robot
 * messages wait. A kind left at its defaults is not sent, so it follows the defaults if they change later.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { App, Alert, Button, Card, Checkbox, Flex, Result, Skeleton, Switch, Table, TimePicker, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { optionalChannels, type NotificationPreferences, type NotificationPreferencesUpdate, type NotificationTemplate, type OptionalChannel } from '@closeloop/core';
import { errorText } from '../../lib/errors';
import { usePreferences, useSavePreferences } from './api/notifications';

type Choices = Record<string, OptionalChannel[]>;
interface Quiet {
  enabled: boolean;
  start: string;
  end: string;
}
interface Draft {
  choices: Choices;
  quiet: Quiet;
}

const defaultQuiet = { start: '22:00', end: '08:00' };
const optional = (channels: readonly string[]) => optionalChannels.filter((c) => channels.includes(c));
const sameChannels = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));
const timeOf = (text: string): Dayjs => {
  const [hour = 0, minute = 0] = text.split(':').map(Number);
  return dayjs().hour(hour).minute(minute).second(0).millisecond(0);
};

function draftOf(saved: NotificationPreferences): Draft {
  return {
    choices: Object.fromEntries(saved.templates.map((row) => [row.template, optional(row.channels)])),
    quiet: saved.quietHours ? { enabled: true, ...saved.quietHours } : { enabled: false, ...defaultQuiet },
  };
}

/** What to send: only the kinds that differ from their defaults, and the quiet hours when they are on. */
function updateOf(draft: Draft, saved: NotificationPreferences): NotificationPreferencesUpdate {
  const channels: NotificationPreferencesUpdate['channels'] = {};
  for (const row of saved.templates) {
    const chosen = draft.choices[row.template] ?? [];
    if (!sameChannels(chosen, optional(row.defaultChannels))) channels[row.template] = chosen;
  }
  return { channels, quietHours: draft.quiet.enabled ? { start: draft.quiet.start, end: draft.quiet.end } : null };
}

function PreferencesForm({ saved }: { saved: NotificationPreferences }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSavePreferences();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const initial = useMemo(() => JSON.stringify(updateOf(draftOf(saved), saved)), [saved]);
  const update = updateOf(draft, saved);
  const dirty = JSON.stringify(update) !== initial;
  const quietInvalid = draft.quiet.enabled && draft.quiet.start === draft.quiet.end;

  const setChannel = (template: NotificationTemplate, channel: OptionalChannel, on: boolean) =>
    setDraft((d) => {
      const current = d.choices[template] ?? [];
      const next = on ? optional([...current, channel]) : current.filter((c) => c !== channel);
      return { ...d, choices: { ...d.choices, [template]: next } };
    });
  const setQuiet = (patch: Partial<Quiet>) => setDraft((d) => ({ ...d, quiet: { ...d.quiet, ...patch } }));

  const submit = () =>
    save.mutate(update, {
      // The saved answer becomes `saved` (the query cache), so the form is no longer dirty.
      onSuccess: () => void message.success(t('common.saved')),
    });

  type Row = NotificationPreferences['templates'][number];
  const columns: ColumnsType<Row> = [
    {
      title: t('inbox.preferences.kind'),
      key: 'template',
      render: (_, row) => (
        <div>
          <Typography.Text strong>{t(`inbox.templates.${row.template}.name`, { defaultValue: row.template })}</Typography.Text>
          <div><Typography.Text type="secondary">{t(`inbox.templates.${row.template}.description`, { defaultValue: '' })}</Typography.Text></div>
        </div>
      ),
    },
    {
      title: <Tooltip title={t('inbox.channels.inAppHelp')}>{t('inbox.channels.inApp')}</Tooltip>,
      key: 'inApp',
      align: 'center',
      width: 110,
      render: (_, row) => <Checkbox checked disabled aria-label={t('inbox.channels.inApp')} data-testid={`channel-${row.template}-inApp`} />,
    },
    ...optionalChannels.map((channel) => ({
      title: <Tooltip title={t(`inbox.channels.${channel}Help`)}>{t(`inbox.channels.${channel}`)}</Tooltip>,
      key: channel,
      align: 'center' as const,
      width: 110,
      render: (_: unknown, row: Row) => (
        <Checkbox
          checked={(draft.choices[row.template] ?? []).includes(channel)}
          onChange={(event) => setChannel(row.template, channel, event.target.checked)}
          aria-label={`${t(`inbox.templates.${row.template}.name`, { defaultValue: row.template })} · ${t(`inbox.channels.${channel}`)}`}
          data-testid={`channel-${row.template}-${channel}`}
        />
      ),
    })),
    {
      title: '',
      key: 'reset',
      width: 120,
      render: (_, row) =>
        sameChannels(draft.choices[row.template] ?? [], optional(row.defaultChannels)) ? (
          <Typography.Text type="secondary">{t('inbox.preferences.isDefault')}</Typography.Text>
        ) : (
          <Button type="link" size="small" onClick={() => setDraft((d) => ({ ...d, choices: { ...d.choices, [row.template]: optional(row.defaultChannels) } }))} data-testid={`channel-reset-${row.template}`}>
            {t('inbox.preferences.useDefault')}
          </Button>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      {save.isError && <Alert type="error" showIcon title={errorText(save.error, t)} data-testid="form-error" />}
      <Card title={t('inbox.preferences.channelsTitle')}>
        <Typography.Paragraph type="secondary">{t('inbox.preferences.channelsHelp')}</Typography.Paragraph>
        <Table<Row> rowKey="template" columns={columns} dataSource={saved.templates} pagination={false} data-testid="channel-table" />
      </Card>
      <Card title={t('inbox.preferences.quietTitle')}>
        <Flex vertical gap={12}>
          <Flex align="center" gap={12}>
            <Switch checked={draft.quiet.enabled} onChange={(enabled) => setQuiet({ enabled })} data-testid="quiet-hours-switch" />
            <Typography.Text>{t('inbox.preferences.quietOn')}</Typography.Text>
          </Flex>
          <Flex align="center" gap={8} wrap>
            <Typography.Text>{t('inbox.preferences.quietFrom')}</Typography.Text>
            <TimePicker
              format="HH:mm"
              minuteStep={5}
              allowClear={false}
              needConfirm={false}
              disabled={!draft.quiet.enabled}
              value={timeOf(draft.quiet.start)}
              onChange={(value) => value && setQuiet({ start: value.format('HH:mm') })}
              data-testid="quiet-start"
            />
            <Typography.Text>{t('inbox.preferences.quietTo')}</Typography.Text>
            <TimePicker
              format="HH:mm"
              minuteStep={5}
              allowClear={false}
              needConfirm={false}
              disabled={!draft.quiet.enabled}
              value={timeOf(draft.quiet.end)}
              onChange={(value) => value && setQuiet({ end: value.format('HH:mm') })}
              data-testid="quiet-end"
            />
            <Typography.Text type="secondary">{t('inbox.preferences.timeZone', { timeZone: saved.timeZone })}</Typography.Text>
          </Flex>
          {quietInvalid && <Typography.Text type="danger" data-testid="quiet-invalid">{t('inbox.preferences.quietSame')}</Typography.Text>}
          <Typography.Text type="secondary">{t('inbox.preferences.quietHelp')}</Typography.Text>
        </Flex>
      </Card>
      <Flex gap={8}>
        <Button type="primary" onClick={submit} disabled={!dirty || quietInvalid} loading={save.isPending} data-testid="save-button">{t('common.save')}</Button>
        <Button onClick={() => setDraft(draftOf(saved))} disabled={!dirty || save.isPending} data-testid="reset-button">{t('common.reset')}</Button>
      </Flex>
    </Flex>
  );
}

export default function PreferencesPage() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  return (
    <>
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>{t('inbox.preferences.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('inbox.preferences.description')}</Typography.Text>
      </div>
      {preferences.isPending ? (
        <Card data-testid="page-loading"><Skeleton active paragraph={{ rows: 6 }} /></Card>
      ) : preferences.isError ? (
        <Result
          status="error"
          title={t('inbox.preferences.loadFailed')}
          subTitle={errorText(preferences.error, t)}
          data-testid="load-error"
          extra={<Button type="primary" onClick={() => void preferences.refetch()} data-testid="retry-button">{t('common.retry')}</Button>}
        />
      ) : (
        <PreferencesForm saved={preferences.data} />
      )}
    </>
  );
}
