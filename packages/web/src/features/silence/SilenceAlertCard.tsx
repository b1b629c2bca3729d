/**
 * One silence alert on the phone: the lead, how long it has been silent, its stage, the open next action, the last
 * activity, the suggested script with why it was picked, and the way out — logging an activity.
 */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { EditSOutline } from 'antd-mobile-icons';
import { silentDays, type SilenceAlert } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { StageTag } from '../phone/vocab-ui';
import { reasonSeparator, reasonWords } from '../talk-tracks/reason-words';
import './silence.css';

export function SilenceAlertCard({ alert, canLog }: { alert: SilenceAlert; canLog: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const { lead, snapshot } = alert;
  const last = snapshot.lastActivities[0];
  const next = snapshot.nextAction;
  const script = snapshot.suggestion;
  return (
    <div className="pp-card sl-card" data-testid="silence-card">
      <div className="sl-head" onClick={() => void navigate(`/m/leads/${alert.leadId}`)} role="link" aria-label={t('silence.openLead')}>
        <div>
          <div className="sl-name">{lead.name}</div>
          {lead.company && <div className="pp-muted pp-small">{lead.company}</div>}
        </div>
        <StageTag stage={lead.stage} />
      </div>
      <div className="sl-silent">{t('silence.silentFor', { count: silentDays(alert.silentSince, new Date()) })}</div>
      <div className="pp-small">
        {next ? t('silence.nextAction', { label: next.label ?? next.kind, when: next.dueAt ? format.date(next.dueAt) : '—' }) : t('silence.noNextAction')}
      </div>
      <div className="pp-small">
        {last ? t('silence.lastActivity', { kind: t(`vocab.activityKind.${last.kind}`), when: format.relative(last.occurredAt) }) : t('silence.noActivity')}
      </div>
      {last?.text && <div className="pp-small pp-muted pp-clamp">{last.text}</div>}
      {script && (
        <div className="sl-script" data-testid="silence-script">
          <strong>{t('silence.script')}</strong> {script.title}
          {script.reasons.length > 0 && <div className="pp-muted">{t('silence.why', { reasons: reasonWords(script.reasons, t).join(reasonSeparator) })}</div>}
        </div>
      )}
      {canLog && (
        <Button className="sl-action" block color="primary" onClick={() => void navigate(`/m/log?leadId=${alert.leadId}`)} data-testid="silence-log-activity">
          <EditSOutline /> {t('silence.logActivity')}
        </Button>
      )}
    </div>
  );
}
