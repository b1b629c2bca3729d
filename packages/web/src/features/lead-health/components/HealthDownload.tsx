/** The week on screen as a spreadsheet (colours and rules in the reader's language), as the server renders it. */
import { useTranslation } from 'react-i18next';
import { DownloadButton } from '../../../lib/download-button';
import { downloadHealthXlsx, type HealthFilter } from '../api/lead-health';

export function HealthDownload({ week, filter }: { week: string | undefined; filter: HealthFilter }) {
  const { t } = useTranslation();
  return (
    <DownloadButton download={() => downloadHealthXlsx(week, filter)} failed={t('leadHealth.board.downloadFailed')} data-testid="health-download">
      {t('leadHealth.board.download')}
    </DownloadButton>
  );
}
