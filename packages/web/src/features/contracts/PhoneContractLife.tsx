/**
 * A contract's life on the phone (B4, read-only): its header (status, customer, total, paid), the failed checks of its
 * last submit, its lines and every step of its life and of its linked documents, oldest first, with who and why.
 */
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { List, Steps, Tag } from 'antd-mobile';
import { useFormat } from '../../lib/use-format';
import { DetailSkeleton, LoadFailed } from '../phone/PageStates';
import { PhonePage } from '../phone/PhonePage';
import { useContractLife } from './api/contracts';
import { lifeKeys, lifeOrder } from './hooks/life';
import { phoneTagColour } from './hooks/phone-status';
import { sortViolations } from './hooks/violations';

export default function PhoneContractLife() {
  const { id } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const life = useContractLife(id);
  const contract = life.data?.contract;
  return (
    <PhonePage title={contract?.traceCode ?? t('contracts.phone.lifeTitle')} backTo="/m/contracts">
      {life.isPending ? <DetailSkeleton /> : life.isError ? <LoadFailed error={life.error} onRetry={() => void life.refetch()} /> : contract && (
        <div data-testid="phone-contract-life">
          <div className="pp-card">
            <div className="pp-head">
              <div className="pp-head-main">
                <h2 className="pp-head-name">{contract.title}</h2>
                <div className="pp-muted">{contract.customerName}</div>
              </div>
              <Tag color={phoneTagColour(contract.status)} className="pp-tag">{t(`documents.status.contract.${contract.status}`)}</Tag>
            </div>
            <div className="pp-muted" style={{ marginTop: 8 }}>{t('contracts.phone.paidOf', { paid: format.money(contract.paidMinor), total: format.money(contract.totalMinor) })}</div>
          </div>
          {(contract.checks?.violations.length ?? 0) > 0 && (
            <List header={t('contracts.page.checks')}>
              {sortViolations(contract.checks?.violations ?? []).map((violation, index) => (
                <List.Item key={index} description={violation.message} data-testid="phone-violation">
                  {violation.lineNo ? `${t('contracts.violation.line', { n: violation.lineNo })} · ` : ''}{t(`documents.rule.${violation.code}`)}
                </List.Item>
              ))}
            </List>
          )}
          <List header={t('contracts.phone.lines')}>
            {contract.lines.map((line) => (
              <List.Item key={line.lineNo} extra={format.money(line.amountMinor)} description={`${line.quantity} × ${format.money(line.unitPriceMinor)}`}>
                {line.productName}
              </List.Item>
            ))}
          </List>
          <List header={t('contracts.phone.life')}>
            <div style={{ padding: '8px 12px', background: '#fff' }}>
              <Steps direction="vertical">
                {lifeOrder(life.data.timeline).map((event, index) => {
                  const keys = lifeKeys(event);
                  return (
                  <Steps.Step
                    key={index}
                    status="finish"
                    title={`${event.traceCode ?? ''} ${t(keys.action, { defaultValue: event.action })}${keys.role ? ` · ${t(keys.role)}` : ''}${keys.to ? ` → ${t(keys.to, { defaultValue: event.toStatus })}` : ''}`}
                    description={
                      <span>
                        {format.dateTime(event.at)} · {event.actorName ?? t('contracts.life.system')}
                        {event.note && <><br />{t('contracts.life.why', { reason: event.note })}</>}
                      </span>
                    }
                  />
                  );
                })}
              </Steps>
            </div>
          </List>
        </div>
      )}
    </PhonePage>
  );
}
