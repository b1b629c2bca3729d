/**
 * The top of a lead's or customer's page: the trail back to the list, a version conflict with its reload, the note on
 * a merged record, and the card with the name, the archived mark and the edit / archive / restore buttons. The page
 * brings the line under the name and what goes below it in the card.
 */
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, App, Breadcrumb, Button, Card, Flex, Space, Tag, Typography } from 'antd';
import { EditOutlined, InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import { errorText } from '../../lib/errors';
import { usePeople } from '../../api/directory';
import { useAssignment } from './directory';
import { PersonSelect } from './pickers';
import { isStale, patchRecord, useSaved, type Versioned } from './record-api';
import { useArchive } from './useArchive';

type PageKind = 'leads' | 'customers';

interface Shown extends Versioned {
  name: string;
  mergedInto: string | null;
}

/**
 * The writes a record page makes in place (stage, owner, archive, restore): each with the version on screen, a
 * conflict kept to show over the page, any other failure said in a message.
 */
export function useRecordWrites<T extends Versioned>(kind: PageKind) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useSaved();
  const [conflict, setConflict] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { archive, restore } = useArchive(kind, setConflict);

  const change = async (record: T, changes: Partial<T>) => {
    setBusy(true);
    setConflict(null);
    try {
      saved(kind, await patchRecord<T>(kind, record, changes));
      void message.success(t('common.saved'));
    } catch (error) {
      if (isStale(error)) setConflict(errorText(error, t));
      else void message.error(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return { conflict, clearConflict: () => setConflict(null), busy, change, archive, restore };
}

export function RecordHeader({
  kind, record, writes, canWrite, onEdit, onReload, subtitle, children,
}: {
  kind: PageKind;
  record: Shown;
  writes: Pick<ReturnType<typeof useRecordWrites>, 'conflict' | 'clearConflict' | 'archive' | 'restore'>;
  canWrite: boolean;
  onEdit(): void;
  /** reads the record again after a conflict */
  onReload(): Promise<unknown>;
  subtitle: ReactNode;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const active = record.status === 'active';
  return (
    <>
      <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to={`/${kind}`}>{t(`${kind}.list.title`)}</Link> }, { title: record.name }]} />
      {writes.conflict && (
        <Alert
          type="warning"
          showIcon
          title={writes.conflict}
          style={{ marginBottom: 16 }}
          data-testid="version-conflict"
          action={
            <Button size="small" onClick={() => void onReload().then(writes.clearConflict)} data-testid="conflict-reload">
              {t('records.conflict.reload')}
            </Button>
          }
        />
      )}
      {record.mergedInto && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`${kind}.page.merged`)}
          action={<Link to={`/${kind}/${record.mergedInto}`}>{t(`${kind}.page.openMerged`)}</Link>}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="record-title">
              {record.name}
              {!active && <Tag style={{ marginInlineStart: 12, verticalAlign: 'middle' }}>{t('vocab.status.archived')}</Tag>}
            </Typography.Title>
            {subtitle}
          </div>
          {canWrite && (
            <Space>
              <Button icon={<EditOutlined />} onClick={onEdit} disabled={!active} data-testid="edit-button">{t('common.edit')}</Button>
              {active ? (
                <Button icon={<InboxOutlined />} onClick={() => void writes.archive(record)} data-testid="archive-button">{t('common.archive')}</Button>
              ) : (
                !record.mergedInto && <Button icon={<RollbackOutlined />} onClick={() => void writes.restore(record)} data-testid="restore-button">{t('common.restore')}</Button>
              )}
            </Space>
          )}
        </Flex>
        {children}
      </Card>
    </>
  );
}

/** The owner in a record's details: a picker for someone who may hand the record on, else the name. */
export function OwnerField({ ownerId, active, busy, onChange }: { ownerId: string; active: boolean; busy: boolean; onChange(ownerId: string): void }) {
  const { byId } = usePeople();
  const { canReassign, assignable } = useAssignment();
  if (!canReassign || !active) return <>{byId.get(ownerId)?.name ?? ''}</>;
  return (
    <span data-testid="owner-select" style={{ width: '100%' }}>
      <PersonSelect people={assignable} value={ownerId} onChange={onChange} disabled={busy} size="small" style={{ minWidth: 160 }} />
    </span>
  );
}
