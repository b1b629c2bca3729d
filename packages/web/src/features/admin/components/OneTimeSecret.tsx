/** A secret the server shows exactly once (API token, webhook signing secret, a password just set): copy it now. */
import { useTranslation } from 'react-i18next';
import { Alert, Button, Modal, Typography } from 'antd';

export function OneTimeSecret({ title, secret, hint, onClose }: { title: string; secret: string | null; hint?: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== null}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={<Button type="primary" onClick={onClose} data-testid="secret-done">{t('admin.common.secretStored')}</Button>}
    >
      <Alert type="warning" showIcon title={t('admin.common.secretOnce')} description={hint} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        copyable={{ text: secret ?? '', tooltips: [t('admin.common.copy'), t('admin.common.copied')] }}
        code
        style={{ fontSize: 15, wordBreak: 'break-all' }}
        data-testid="one-time-secret"
      >
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}
