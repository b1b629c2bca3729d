/**
 * Archive and restore a record from its page. Archiving says so with an Undo that restores it at once (with the
 * version the archive answered), so a slip costs one click.
 */
import { useTranslation } from 'react-i18next';
import { App, Button } from 'antd';
import { errorText } from '../../lib/errors';
import type { ListKind } from './list-spec';
import { setArchived, useSaved, type Versioned } from './record-api';

export function useArchive(kind: ListKind, onConflict: (text: string) => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useSaved();
  const key = `archive-${kind}`;

  const restore = async (record: Versioned) => {
    try {
      saved(kind, await setArchived(kind, record, false));
      void message.success({ key, content: t('records.archive.restored') });
    } catch (error) {
      message.destroy(key);
      onConflict(errorText(error, t));
    }
  };

  const archive = async (record: Versioned) => {
    try {
      const archived = saved(kind, await setArchived(kind, record, true));
      void message.open({
        key,
        type: 'success',
        duration: 8,
        content: (
          <span data-testid="archived-message">
            {t('records.archive.archived')}{' '}
            <Button type="link" size="small" onClick={() => void restore(archived)} data-testid="undo-button">
              {t('common.undo')}
            </Button>
          </span>
        ),
      });
    } catch (error) {
      onConflict(errorText(error, t));
    }
  };

  return { archive, restore };
}
