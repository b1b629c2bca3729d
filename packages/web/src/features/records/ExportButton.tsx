/** Downloads the list as the server renders it (XLSX, or CSV from the menu) with the filters and sort on screen. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Dropdown, Space } from 'antd';
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { download } from '../../api/client';
import { useSession } from '../../api/session';
import { errorText } from '../../lib/errors';
import type { ListKind, ListQuery } from './list-spec';

export function ExportButton({ kind, query }: { kind: ListKind; query: ListQuery }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  if (!can('crm.export')) return null;

  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      await download(`/exports/${kind}`, { ...query, format });
    } catch (error) {
      void message.error(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run('xlsx')} data-testid="export-button">
        {t('records.export.xlsx')}
      </Button>
      <Dropdown
        disabled={busy}
        menu={{ items: [{ key: 'csv', label: <span data-testid="export-csv">{t('records.export.csv')}</span> }], onClick: () => void run('csv') }}
      >
        <Button icon={<DownOutlined />} aria-label={t('records.export.more')} />
      </Dropdown>
    </Space.Compact>
  );
}
