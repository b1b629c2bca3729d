/** A document's status as a coloured tag, named from the shared documents vocabulary. */
import { useTranslation } from 'react-i18next';
import { Tag } from 'antd';
import { statusColour } from '../../../lib/documents';

export function StatusTag({ type = 'contract', status }: { type?: string; status: string }) {
  const { t } = useTranslation();
  return <Tag color={statusColour(status)} data-testid={`status-${status}`}>{t(`documents.status.${type}.${status}`, { defaultValue: status })}</Tag>;
}
