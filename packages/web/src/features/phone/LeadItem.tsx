/** One lead in a phone list: name, company, how long since the last activity (flagged when silent), stage. */
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import List from 'antd-mobile/es/components/list';
import Tag from 'antd-mobile/es/components/tag';
import type { Lead } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { isSilentLead, useSilenceRules } from './silence';
import { StageTag } from './vocab-ui';

export function LeadItem({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const silent = isSilentLead(lead, useSilenceRules());
  return (
    <List.Item
      data-testid="list-row"
      onClick={() => void navigate(`/m/leads/${lead.id}`)}
      extra={<StageTag stage={lead.stage} />}
      description={
        <span className="pp-row-meta">
          {lead.company && <span className="pp-row-company">{lead.company}</span>}
          <span className={silent ? 'pp-silent' : undefined}>
            {t('phone.lead.lastActivity', { when: format.relative(lead.lastActivityAt) })}
          </span>
        </span>
      }
    >
      <span className="pp-row-title">
        {lead.name}
        {silent && <Tag color="danger" fill="solid" className="pp-tag pp-tag-small">{t('phone.lead.silent')}</Tag>}
      </span>
    </List.Item>
  );
}
