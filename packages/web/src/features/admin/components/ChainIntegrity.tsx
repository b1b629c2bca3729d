/**
 * The audit chain's integrity, for admins: verify that no entry was edited, removed or forged since it was
 * written, and fetch the signed chain head to keep outside the database (a chain alone can be rewritten by
 * whoever controls the database; a head published elsewhere cannot).
 */
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Row, Typography } from 'antd';
import { CloudDownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import { useSignedIn } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { formatDateTime } from '../../../lib/format';

interface ChainReport {
  orgId: string;
  entries: number;
  ok: boolean;
  headHash: string;
  firstBroken?: { seq: number; id: string | null; reason: string };
}
interface SignedHead {
  orgId: string;
  entries: number;
  headHash: string;
  at: string;
  signature: string;
}

function downloadJson(name: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

export function ChainIntegrity() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  // Verifying reads the whole chain: only when asked.
  const verify = useQuery({ queryKey: ['audit', 'verify'], queryFn: () => api<ChainReport>('/audit/verify'), enabled: false, gcTime: 0, retry: false });
  const head = useQuery({ queryKey: ['audit', 'head'], queryFn: () => api<SignedHead>('/audit/head'), enabled: false, gcTime: 0, retry: false });
  const count = (n: number) => n.toLocaleString(i18n.language);

  return (
    <Card title={t('admin.audit.integrity')} style={{ marginBottom: 16 }} data-testid="audit-integrity">
      <Row gutter={24}>
        <Col xs={24} lg={12}>
          <Typography.Paragraph type="secondary">{t('admin.audit.verifyHelp')}</Typography.Paragraph>
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isFetching} onClick={() => void verify.refetch()} data-testid="audit-verify">
            {t('admin.audit.verify')}
          </Button>
          {verify.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(verify.error, t)} />}
          {verify.data && !verify.isFetching && (
            verify.data.ok ? (
              <Alert
                style={{ marginTop: 12 }}
                type="success"
                showIcon
                title={t('admin.audit.chainOk', { count: verify.data.entries, entries: count(verify.data.entries) })}
                description={<Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>{verify.data.headHash}</Typography.Text>}
                data-testid="audit-verify-result"
              />
            ) : (
              <Alert
                style={{ marginTop: 12 }}
                type="error"
                showIcon
                title={t('admin.audit.chainBroken', { seq: verify.data.firstBroken?.seq ?? '?', entries: count(verify.data.entries) })}
                description={verify.data.firstBroken?.reason}
                data-testid="audit-verify-result"
              />
            )
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Paragraph type="secondary">{t('admin.audit.headHelp')}</Typography.Paragraph>
          <Button icon={<CloudDownloadOutlined />} loading={head.isFetching} onClick={() => void head.refetch()} data-testid="audit-head">
            {t('admin.audit.head')}
          </Button>
          {head.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon title={errorText(head.error, t)} />}
          {head.data && !head.isFetching && (
            <div style={{ marginTop: 12 }} data-testid="audit-head-result">
              <Descriptions
                size="small"
                column={1}
                bordered
                items={[
                  { key: 'entries', label: t('admin.audit.entries'), children: count(head.data.entries) },
                  { key: 'at', label: t('admin.audit.signedAt'), children: formatDateTime(head.data.at, session.org.timeZone, i18n.language) },
                  { key: 'hash', label: t('admin.audit.headHash'), children: <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>{head.data.headHash}</Typography.Text> },
                  { key: 'sig', label: t('admin.audit.signature'), children: <Typography.Text code copyable style={{ fontSize: 12, wordBreak: 'break-all' }}>{head.data.signature}</Typography.Text> },
                ]}
              />
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => downloadJson(`audit-head-${head.data.entries}.json`, head.data)} data-testid="audit-head-download">
                {t('admin.audit.downloadHead')}
              </Button>
            </div>
          )}
        </Col>
      </Row>
    </Card>
  );
}
