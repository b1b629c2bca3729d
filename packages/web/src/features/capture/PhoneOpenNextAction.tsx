/** The lead's open next action on the phone, under its head: what, by when, overdue in red. */
import { useTranslation } from 'react-i18next';
import type { Lead } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { isOverdue } from './capture-form';
import { useKindLabel } from './use-kind-label';
import './phone-capture.css';

export function PhoneOpenNextAction({ lead, open }: { lead: Lead; open: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useKindLabel();
  const next = lead.nextAction;
  if (!next) return open ? <div className="pp-card pp-muted" data-testid="lead-next-action">{t('capture.nextAction.none')}</div> : null;
  const overdue = open && isOverdue(next.dueAt, new Date().toISOString());
  return (
    <div className="pp-card cap-next" data-testid="lead-next-action">
      <span className="pp-muted pp-small">{t('capture.nextAction.open')}</span>
      <strong>{label(next.kind)}</strong>
      <span className={overdue ? 'cap-overdue' : 'pp-muted'}>
        {t('capture.nextAction.dueWhen', { when: format.dateTime(next.dueAt) })}{overdue && ` · ${t('capture.nextAction.overdue')}`}
      </span>
      {next.note && <span className="pp-small">{next.note}</span>}
    </div>
  );
}
