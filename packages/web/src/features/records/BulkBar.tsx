/**
 * Bulk actions on the selected rows: archive, restore, hand to another owner. Each record is its own request
 * (runBulk), with a progress bar while they run and, when any fail, a report naming each failed record and why.
 * Failed records stay selected, so the person can fix the cause and run the action again on just those.
 */
import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { App, Alert, Button, Flex, List, Modal, Popconfirm, Progress, Typography } from 'antd';
import { InboxOutlined, RollbackOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { errorText } from '../../lib/errors';
import { runBulk, type BulkResult } from './bulk';
import type { ListKind } from './list-spec';
import { patchRecord, setArchived, type Versioned } from './record-api';
import { useAssignment } from './directory';
import { PersonSelect } from './pickers';

type Action = 'archive' | 'restore' | 'reassign';

interface Run<T> {
  action: Action;
  total: number;
  finished: number;
  result?: BulkResult<T>;
}

export function BulkBar<T extends Versioned>({
  kind, selected, labelOf, reassign, onSettled,
}: {
  kind: ListKind;
  selected: T[];
  labelOf(record: T): string;
  /** whether this kind has owners to hand over */
  reassign: boolean;
  /** the records still to be selected after a run: the ones that failed or were not reached */
  onSettled(remaining: T[]): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { canReassign, assignable } = useAssignment();
  const [run, setRun] = useState<Run<T> | null>(null);
  const [owner, setOwner] = useState<string | undefined>();
  const [picking, setPicking] = useState(false);
  const cancelled = useRef(false);

  if (selected.length === 0 && !run) return null;

  const start = async (action: Action, ownerId?: string) => {
    const records = [...selected];
    cancelled.current = false;
    setRun({ action, total: records.length, finished: 0 });
    const result = await runBulk(
      records,
      (record) =>
        action === 'reassign' ? patchRecord(kind, record, { ownerId }) : setArchived(kind, record, action === 'archive'),
      { onProgress: (finished) => setRun((current) => current && { ...current, finished }), cancelled: () => cancelled.current },
    );
    void client.invalidateQueries({ queryKey: [kind] });
    onSettled([...result.failed.map((failure) => failure.item), ...result.notRun]);
    if (result.failed.length === 0 && result.notRun.length === 0) {
      setRun(null);
      void message.success(t(`records.bulk.done.${action}`, { count: result.succeeded.length }));
    } else {
      setRun({ action, total: records.length, finished: records.length - result.notRun.length, result });
    }
  };

  const running = run !== null && !run.result;
  return (
    <>
      {selected.length > 0 && (
        <Flex gap={8} align="center" wrap style={{ marginBottom: 12, padding: '8px 12px', background: '#f0f5ff', borderRadius: 6 }} data-testid="bulk-bar">
          <Typography.Text strong data-testid="bulk-count">{t('common.selected', { count: selected.length })}</Typography.Text>
          <Popconfirm
            title={t('records.bulk.confirm.archive', { count: selected.length })}
            onConfirm={() => void start('archive')}
            okButtonProps={{ 'data-testid': 'bulk-confirm' }}
          >
            <Button icon={<InboxOutlined />} disabled={running} data-testid="bulk-archive">{t('common.archive')}</Button>
          </Popconfirm>
          <Popconfirm
            title={t('records.bulk.confirm.restore', { count: selected.length })}
            onConfirm={() => void start('restore')}
            okButtonProps={{ 'data-testid': 'bulk-confirm' }}
          >
            <Button icon={<RollbackOutlined />} disabled={running} data-testid="bulk-restore">{t('common.restore')}</Button>
          </Popconfirm>
          {reassign && canReassign && (
            <Button icon={<UserSwitchOutlined />} disabled={running} onClick={() => setPicking(true)} data-testid="bulk-reassign">
              {t('records.bulk.reassign')}
            </Button>
          )}
          <Button type="link" onClick={() => onSettled([])} data-testid="bulk-clear">{t('records.bulk.clear')}</Button>
        </Flex>
      )}

      <Modal
        open={picking}
        title={t('records.bulk.reassignTitle', { count: selected.length })}
        okText={t('records.bulk.reassign')}
        okButtonProps={{ disabled: !owner, 'data-testid': 'bulk-reassign-confirm' }}
        onOk={() => {
          setPicking(false);
          void start('reassign', owner);
        }}
        onCancel={() => setPicking(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('records.bulk.reassignHint')}</Typography.Paragraph>
        <span data-testid="bulk-owner-select">
          <PersonSelect people={assignable} value={owner} onChange={setOwner} style={{ width: '100%' }} />
        </span>
      </Modal>

      <Modal
        open={run !== null}
        title={run ? (running ? t(`records.bulk.running.${run.action}`) : t('records.bulk.finished')) : ''}
        closable={!running}
        mask={{ closable: false }}
        onCancel={() => setRun(null)}
        footer={
          running ? (
            <Button onClick={() => (cancelled.current = true)} data-testid="bulk-cancel">{t('records.bulk.cancel')}</Button>
          ) : (
            <Button type="primary" onClick={() => setRun(null)} data-testid="bulk-close">{t('common.close')}</Button>
          )
        }
      >
        {run && (
          <div data-testid="bulk-progress">
            <Progress percent={Math.round((run.finished / Math.max(run.total, 1)) * 100)} status={run.result?.failed.length ? 'exception' : running ? 'active' : 'success'} />
            <Typography.Paragraph>{t('records.bulk.progress', { finished: run.finished, total: run.total })}</Typography.Paragraph>
            {run.result && (
              <>
                <Alert
                  type="warning"
                  showIcon
                  title={t('records.bulk.summary', { succeeded: run.result.succeeded.length, failed: run.result.failed.length, notRun: run.result.notRun.length })}
                  description={t('records.bulk.summaryHint')}
                  style={{ marginBottom: 12 }}
                />
                <List
                  size="small"
                  bordered
                  data-testid="bulk-failures"
                  style={{ maxHeight: 320, overflow: 'auto' }}
                  dataSource={[
                    ...run.result.failed.map((failure) => ({ record: failure.item, reason: errorText(failure.error, t) })),
                    ...run.result.notRun.map((record) => ({ record, reason: t('records.bulk.notRun') })),
                  ]}
                  renderItem={({ record, reason }) => (
                    <List.Item data-testid="bulk-failure" key={record.id}>
                      <List.Item.Meta title={labelOf(record)} description={<Typography.Text type="danger">{reason}</Typography.Text>} />
                    </List.Item>
                  )}
                />
              </>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
