/**
 * The phone's next-action picker: the company's kinds as big chips (one tap sets the kind and its default due time),
 * due shortcuts (today, tomorrow, in 3 days, in a week, the date the note names) and the phone's own date picker.
 */
import { useTranslation } from 'react-i18next';
import { nextActionLabel, type NextActionKind } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { dateInputValue, dueFromDateInput, dueShortcuts, type PlannedAction } from './capture-form';
import './phone-capture.css';

interface Props {
  kinds: NextActionKind[];
  loading: boolean;
  /** Set when the company's list could not be loaded. */
  onRetry?: (() => void) | undefined;
  planned: PlannedAction | null;
  suggestion: string | null;
  onPick(kind: NextActionKind): void;
  onDue(dueAt: string): void;
}

export function PhoneNextActionPicker({ kinds, loading, onRetry, planned, suggestion, onPick, onDue }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const locale = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
  if (loading) return <span className="pp-muted">{t('capture.nextAction.loading')}</span>;
  if (onRetry) {
    return (
      <span className="pp-muted" data-testid="next-action-load-failed">
        {t('capture.nextAction.loadFailed')}{' '}
        <button type="button" className="cap-chip cap-chip-small" onClick={onRetry}>{t('common.retry')}</button>
      </span>
    );
  }
  const now = new Date().toISOString();
  const chip = (active: boolean, small = false) => `cap-chip${small ? ' cap-chip-small' : ''}${active ? ' cap-chip-active' : ''}`;

  return (
    <>
      <div className="cap-chips" role="radiogroup" aria-label={t('capture.nextAction.label')} data-testid="next-action-kind">
        {kinds.map((kind) => (
          <button
            key={kind.code}
            type="button"
            role="radio"
            aria-checked={planned?.kind === kind.code}
            className={chip(planned?.kind === kind.code)}
            onClick={() => onPick(kind)}
            data-testid={`next-action-kind-${kind.code}`}
          >
            {nextActionLabel(kinds, kind.code, locale)}
          </button>
        ))}
      </div>
      {planned && (
        <div className="cap-due">
          <div className="cap-due-now">{t('capture.nextAction.due')}：<strong>{format.dateTime(planned.dueAt)}</strong></div>
          {dueShortcuts(now, format.timeZone).map(({ days, dueAt }) => (
            <button key={days} type="button" className={chip(planned.dueAt === dueAt, true)} onClick={() => onDue(dueAt)}>
              {days === 0 ? t('capture.nextAction.today') : days === 1 ? t('capture.nextAction.tomorrow') : t('capture.nextAction.inDays', { count: days })}
            </button>
          ))}
          {suggestion && (
            <button type="button" className={chip(planned.dueAt === suggestion, true)} onClick={() => onDue(suggestion)} data-testid="next-action-use-suggestion">
              {t('capture.nextAction.fromText', { date: format.date(suggestion) })}
            </button>
          )}
          <input
            type="date"
            aria-label={t('capture.nextAction.pickDate')}
            value={dateInputValue(planned.dueAt, format.timeZone)}
            min={dateInputValue(now, format.timeZone)}
            onChange={(event) => {
              const dueAt = dueFromDateInput(event.target.value, format.timeZone);
              if (dueAt) onDue(dueAt);
            }}
            data-testid="next-action-due"
          />
        </div>
      )}
    </>
  );
}
