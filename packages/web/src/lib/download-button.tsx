/**
 * A button that saves a file the server makes (api/client.ts `download`): busy while it downloads; a failure is told
 * as `failed` followed by the reason (errorText), or the reason alone. Every export on the desk uses it.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, type ButtonProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from './errors';

type Props = Omit<ButtonProps, 'onClick' | 'loading' | 'icon'> & { download: () => Promise<void>; failed?: string; children: ReactNode };

export function DownloadButton({ download, failed, children, ...button }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download();
    } catch (error) {
      void message.error(failed ? `${failed}: ${errorText(error, t)}` : errorText(error, t));
    } finally {
      setBusy(false);
    }
  };
  return <Button {...button} icon={<DownloadOutlined />} loading={busy} onClick={() => void run()}>{children}</Button>;
}
