/** What an audit entry changed: field by field, before and after. */
import { useTranslation } from 'react-i18next';
import { Table, Typography } from 'antd';

const show = (value: unknown) =>
  value === undefined ? <Typography.Text type="secondary">—</Typography.Text>
    : value === null ? <Typography.Text type="secondary">null</Typography.Text>
      : typeof value === 'object' ? <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{JSON.stringify(value)}</code>
        : String(value);

const asRecord = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const b = asRecord(before);
  const a = asRecord(after);
  if ((before !== null && !b) || (after !== null && !a)) {
    // Not a field map (a list, a scalar): shown as it is stored.
    return (
      <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ before, after }, null, 2)}</pre>
    );
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  if (keys.length === 0) return <Typography.Text type="secondary">{t('admin.audit.noChanges')}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={keys.map((field) => ({ field, before: b?.[field], after: a?.[field] }))}
      columns={[
        { key: 'field', title: t('admin.audit.field'), dataIndex: 'field', width: 200, render: (f: string) => <Typography.Text code>{f}</Typography.Text> },
        { key: 'before', title: t('admin.audit.before'), dataIndex: 'before', render: show },
        { key: 'after', title: t('admin.audit.after'), dataIndex: 'after', render: show },
      ]}
      data-testid="audit-changes"
    />
  );
}
