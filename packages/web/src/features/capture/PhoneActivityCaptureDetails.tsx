/** Under an activity in the phone timeline: the next action it planned, its commitments and amounts, in one short line each. */
import { useTranslation } from 'react-i18next';
import type { Activity } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { useKindLabel } from './use-kind-label';
import './phone-capture.css';

export function PhoneActivityCaptureDetails({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useKindLabel();
  const { summary, nextAction } = activity;
  const tags = [
    ...(summary?.commitments.map((c) => `${t(`capture.summary.by.${c.by}`)}：${c.text}`) ?? []),
    ...(summary?.amounts.map((a) => format.money(a.amount.minor, a.amount.currency)) ?? []),
  ];
  if (!nextAction && tags.length === 0) return null;
  return (
    <div className="cap-entry-extra" data-testid="timeline-capture">
      {nextAction && (
        <span className="cap-entry-tag" data-testid="timeline-next-action">
          {t('capture.nextAction.planned', { kind: label(nextAction.kind), when: format.dateTime(nextAction.dueAt) })}
        </span>
      )}
      {tags.map((tag) => <span key={tag} className="cap-entry-tag">{tag}</span>)}
    </div>
  );
}
