/**
 * Leads or customers that look like this one (same phone, email or company), with merge for people who may merge:
 * the ones picked are merged into this record — their history moves here and they are archived. Matches outside the
 * person's sight are only counted, so nobody quietly keeps a second copy.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Checkbox, Empty, Flex, List, Popconfirm, Skeleton, Tag } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import { LoadError } from '../../lib/page-states';
import { useSaved, type Versioned } from './record-api';

interface DuplicateReport {
  duplicates: Array<{ id: string; name: string; matchedOn: string[] }>;
  hiddenDuplicateCount: number;
}

export function DuplicatesPanel({ kind, record }: { kind: 'leads' | 'customers'; record: Versioned }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const saved = useSaved();
  const [picked, setPicked] = useState<string[]>([]);
  const [merging, setMerging] = useState(false);
  const report = useQuery({
    queryKey: [kind, 'duplicates', record.id, record.version],
    queryFn: ({ signal }) => api<DuplicateReport>(`/${kind}/${record.id}/duplicates`, { signal }),
  });
  const mayMerge = can('crm.merge') && record.status === 'active';

  const merge = async () => {
    setMerging(true);
    try {
      saved(kind, await api<Versioned>(`/${kind}/${record.id}/merge`, { method: 'POST', body: { sourceIds: picked } }));
      void message.success(t('records.duplicates.merged', { count: picked.length }));
      setPicked([]);
    } catch (error) {
      void message.error(errorText(error, t));
    } finally {
      setMerging(false);
    }
  };

  if (report.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (report.isError) return <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  const { duplicates, hiddenDuplicateCount } = report.data;

  return (
    <div data-testid="duplicates-panel">
      {hiddenDuplicateCount > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('records.duplicates.hidden', { count: hiddenDuplicateCount })} />
      )}
      {duplicates.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.duplicates.none')} />
      ) : (
        <>
          <List
            size="small"
            bordered
            dataSource={duplicates}
            renderItem={(duplicate) => (
              <List.Item data-testid="duplicate-item">
                <Flex gap={12} align="center" style={{ width: '100%' }}>
                  {mayMerge && (
                    <Checkbox
                      checked={picked.includes(duplicate.id)}
                      onChange={(event) => setPicked((current) => (event.target.checked ? [...current, duplicate.id] : current.filter((id) => id !== duplicate.id)))}
                      aria-label={duplicate.name}
                      data-testid="duplicate-pick"
                    />
                  )}
                  <Link to={`/${kind}/${duplicate.id}`}>{duplicate.name}</Link>
                  <span style={{ marginLeft: 'auto' }}>
                    {duplicate.matchedOn.map((key) => (
                      <Tag key={key} color="orange">{t(`records.duplicates.matchedOn.${key}`)}</Tag>
                    ))}
                  </span>
                </Flex>
              </List.Item>
            )}
          />
          {mayMerge && (
            <Flex justify="flex-end" style={{ marginTop: 12 }}>
              <Popconfirm
                title={t(`records.duplicates.confirm.${kind}`, { count: picked.length })}
                onConfirm={() => void merge()}
                disabled={picked.length === 0}
                okButtonProps={{ 'data-testid': 'merge-confirm' }}
              >
                <Button type="primary" icon={<MergeCellsOutlined />} disabled={picked.length === 0} loading={merging} data-testid="merge-button">
                  {t('records.duplicates.merge', { count: picked.length })}
                </Button>
              </Popconfirm>
            </Flex>
          )}
        </>
      )}
    </div>
  );
}
