/** The phone's live reading of the note: what the summary will hold, compact, under the text. */
import { useTranslation } from 'react-i18next';
import type { ActivitySummary } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import './phone-capture.css';

export function PhoneSummaryPreview({ summary, updating }: { summary: ActivitySummary | undefined; updating: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!summary) return updating ? <div className="cap-summary cap-heard">{t('capture.summary.updating')}</div> : null;
  const lists = [summary.keyPoints, summary.commitments, summary.dates, summary.amounts];
  if (lists.every((list) => list.length === 0)) return null;

  return (
    <div className="cap-summary" data-testid="capture-summary">
      <div className="cap-summary-title">
        <span>{t('capture.summary.title')}</span>
        {updating && <span className="cap-heard">{t('capture.summary.updating')}</span>}
      </div>
      {summary.keyPoints.length > 0 && (
        <div className="cap-summary-section">
          <strong>{t('capture.summary.keyPoints')}</strong>
          <ul>{summary.keyPoints.map((point) => <li key={point}>{point}</li>)}</ul>
        </div>
      )}
      {summary.commitments.length > 0 && (
        <div className="cap-summary-section">
          <strong>{t('capture.summary.commitments')}</strong>
          <ul>
            {summary.commitments.map((c) => (
              <li key={c.text} data-testid="capture-commitment">
                {t(`capture.summary.by.${c.by}`)}：{c.text}
                {c.dueAt && <span className="pp-muted"> · {t('capture.summary.dueBy', { date: format.dateTime(c.dueAt) })}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {summary.dates.length > 0 && (
        <div className="cap-summary-section">
          <strong>{t('capture.summary.dates')}</strong>
          {summary.dates.map((d) => `${d.text} → ${d.time ? format.dateTime(d.at) : format.date(d.at)}`).join('；')}
        </div>
      )}
      {summary.amounts.length > 0 && (
        <div className="cap-summary-section" data-testid="capture-amounts">
          <strong>{t('capture.summary.amounts')}</strong>
          {summary.amounts.map((a) => `${a.text} = ${format.money(a.amount.minor, a.amount.currency)}`).join('；')}
        </div>
      )}
    </div>
  );
}
