/**
 * The screening card on the phone's lead page: a call to complete it while it is open (right after the first
 * contact), otherwise one line saying where it stands, which opens it.
 */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, List, NoticeBar } from 'antd-mobile';
import type { Lead } from '@closeloop/core';
import { useScreeningCard } from './api';

export function PhoneScreeningPrompt({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const card = useScreeningCard(lead.id);
  if (!card.data) return null;
  const open = () => void navigate(`/m/leads/${lead.id}/screening`);
  const { status, answers } = card.data;
  if (status === 'open' && canWrite) {
    return (
      <NoticeBar
        color="alert"
        wrap
        content={t('screening.prompt')}
        extra={<Button size="mini" color="primary" onClick={open} data-testid="screening-open">{t('screening.promptAction')}</Button>}
        data-testid="screening-prompt"
      />
    );
  }
  const summary = status === 'completed'
    ? `${t(`screening.intent.${answers.intentLevel}`)} · ${t('screening.cadence.days', { count: answers.cadenceDays })}`
    : t(`screening.status.${status}`);
  return (
    <List>
      <List.Item extra={summary} onClick={canWrite || status === 'completed' ? open : undefined} data-testid="screening-summary">
        {t('screening.title')}
      </List.Item>
    </List>
  );
}
