/**
 * What a record form does on save. An edit sends only what changed against the record as read (nothing when nothing
 * did); a new lead or customer opens on its own page, with a word when it looks like one already there.
 */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { App } from 'antd';
import { api } from '../../api/client';
import { useSubmitKey } from '../../lib/use-submit-key';
import { changedFields } from './form-values';
import type { ListKind } from './list-spec';
import { patchRecord, useSaved, type Versioned } from './record-api';

type Fields = Record<string, unknown>;

export function useSaveEdit(kind: ListKind) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const saved = useSaved();
  /** `before` is the record in the body's shape, so a field the form did not touch compares equal. */
  return async (record: Versioned, before: object, body: object) => {
    const changes = changedFields(before as Fields, body as Fields);
    if (Object.keys(changes).length > 0) saved(kind, await patchRecord(kind, record, changes));
    void message.success(t('common.saved'));
  };
}

const answerKey = { leads: 'lead', customers: 'customer' } as const;

export function useCreateAndOpen(kind: 'leads' | 'customers') {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const navigate = useNavigate();
  const saved = useSaved();
  const submitKey = useSubmitKey();
  /** `close` shuts the form first: it may write the URL of the page being left. */
  return async (body: object, close: () => void) => {
    const answer = await api<Record<string, unknown> & { duplicates: unknown[]; hiddenDuplicateCount: number }>(`/${kind}`, { method: 'POST', body, idempotencyKey: submitKey.keyFor(body) });
    submitKey.done();
    const created = saved(kind, answer[answerKey[kind]] as Versioned & { name: string });
    const lookalikes = answer.duplicates.length + answer.hiddenDuplicateCount;
    if (lookalikes > 0) notification.warning({ title: t(`${kind}.form.duplicatesTitle`), description: t(`${kind}.form.duplicates`, { count: lookalikes }) });
    else void message.success(t(`${kind}.form.created`, { name: created.name }));
    close();
    navigate(`/${kind}/${created.id}`);
  };
}
