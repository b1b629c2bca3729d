/** The week on screen as a spreadsheet (colours and rules in the reader's language), as the server renders it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../../lib/errors';
import { downloadHealthXlsx, type HealthFilter } from '../api/lead-health';

export function DownloadButton({ week, filter }: { week: string | undefined; filter: HealthFilter }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadHealthXlsx(week, filter);
    } catch (error) {
      void message.error(`${t('leadHealth.board.downloadFailed')}: ${errorText(error, t)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="health-download">
      {t('leadHealth.board.download')}
    </Button>
  );
}
