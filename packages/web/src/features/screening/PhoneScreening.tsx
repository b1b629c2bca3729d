/** A lead's screening card on the phone (/m/leads/:id/screening): fill it in, save, back to the lead. */
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Dialog, Toast } from 'antd-mobile';
import type { Lead } from '@closeloop/core';
import { ApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { DetailSkeleton, LoadFailed } from '../phone/PageStates';
import { PhonePage } from '../phone/PhonePage';
import { useRecord } from '../phone/records';
import { useFormat } from '../../lib/use-format';
import { useCompleteScreening, useScreeningCard } from './api';
import { completionOf } from './form-draft';
import { PhoneScreeningForm } from './PhoneScreeningForm';

export default function PhoneScreening() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const format = useFormat();
  const lead = useRecord<Lead>('leads', id);
  const card = useScreeningCard(id);
  const complete = useCompleteScreening(id);

  const save = (draft: Parameters<typeof completionOf>[0]) =>
    complete.mutate(completionOf(draft, card.data!.version), {
      onSuccess: (saved) => {
        Toast.show({ icon: 'success', content: t('screening.saved', { intent: t(`screening.intent.${saved.answers.intentLevel}`), days: saved.answers.cadenceDays }) });
        void navigate(`/m/leads/${id}`, { replace: true });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 409) {
          void card.refetch();
          void Dialog.alert({ content: t('screening.stale'), confirmText: t('common.confirm') });
          return;
        }
        Toast.show({ icon: 'fail', content: errorText(error, t) });
      },
    });

  return (
    <PhonePage title={lead.data?.name ?? t('screening.title')} backTo={`/m/leads/${id}`}>
      {card.isPending ? <DetailSkeleton />
        : card.isError ? <LoadFailed error={card.error} onRetry={() => void card.refetch()} />
        : (
          <>
            <div className="pp-card">
              <strong>{t('screening.title')}</strong> · {t(`screening.status.${card.data.status}`)}
              {lead.data?.company && <div className="pp-muted pp-small">{lead.data.company}</div>}
              {card.data.status === 'open' && card.data.remindAt && !card.data.remindedAt && (
                <div className="pp-muted pp-small">{t('screening.remindAt', { time: format.dateTime(card.data.remindAt) })}</div>
              )}
            </div>
            {/* A fresh form for each version read: a reload after a concurrent save shows that save's answers. */}
            <PhoneScreeningForm key={card.data.version} card={card.data} saving={complete.isPending} onSave={save} />
          </>
        )}
    </PhonePage>
  );
}
