/**
 * My commission on the phone (C3, read-only): the period's total, the total per rule and each line with its plan and
 * version, rule and arithmetic. A lazy chunk of its own, reached from Me, so the phone's home does not grow.
 */
import { useTranslation } from 'react-i18next';
import { Button, List, Tag } from 'antd-mobile';
import { LeftOutline, RightOutline } from 'antd-mobile-icons';
import { useSignedIn } from '../../api/session';
import { useFormat } from '../../lib/use-format';
import { DetailSkeleton, EmptyState, LoadFailed } from '../phone/PageStates';
import { PhonePage } from '../phone/PhonePage';
import { useDealNames, useStatement } from './api/commissions';
import { readableSteps } from './hooks/explain';
import { componentTotals } from './hooks/lines';
import { shiftPeriod } from './hooks/periods';
import { useCommissionPeriod } from './hooks/use-period';

export default function PhoneStatement() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { user } = useSignedIn();
  const { period, setPeriod } = useCommissionPeriod();
  const statement = useStatement(period, user.id);
  const data = statement.data;
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const dealNames = useDealNames(data?.lines.map((line) => line.dealId) ?? []);

  const toolbar = (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '4px 12px', background: '#fff' }}>
      <Button size="small" fill="none" aria-label={t('commissions.period.previous')} onClick={() => setPeriod(shiftPeriod(period, -1))}><LeftOutline /></Button>
      <span style={{ fontWeight: 600 }} data-testid="phone-statement-period">{period}</span>
      <Button size="small" fill="none" aria-label={t('commissions.period.next')} onClick={() => setPeriod(shiftPeriod(period, 1))}><RightOutline /></Button>
    </div>
  );

  return (
    <PhonePage title={t('commissions.phone.title')} backTo="/m/me" toolbar={toolbar}>
      {statement.isPending ? <DetailSkeleton /> : statement.isError ? <LoadFailed error={statement.error} onRetry={() => void statement.refetch()} /> : data && (
        <div data-testid="phone-statement">
          <div className="pp-card">
            <div className="pp-muted">{t('commissions.statement.total')}</div>
            <div style={{ fontSize: 28, fontWeight: 600, margin: '4px 0' }} data-testid="phone-statement-total">{format.money(data.totalMinor, data.currency)}</div>
            <div className="pp-muted">
              {data.planKey ? t('commissions.line.plan', { plan: data.planKey, version: data.planVersion }) : t('commissions.phone.noPlan')}
              {data.attainment ? ` · ${t('commissions.statement.attainment')} ${data.attainment}%` : ''}
            </div>
          </div>
          {data.lines.length === 0 ? <EmptyState title={t('commissions.statement.noLines')} /> : (
            <>
              <List header={t('commissions.statement.byRule')}>
                {componentTotals(data.lines).map((rule) => (
                  <List.Item key={rule.componentId} extra={<span style={{ color: '#333' }}>{format.money(rule.amountMinor, data.currency)}</span>} description={t('commissions.phone.lineCount', { count: rule.lines })}>
                    {rule.componentName ?? rule.componentId}
                  </List.Item>
                ))}
              </List>
              <List header={t('commissions.statement.lines', { count: data.lines.length })}>
                {data.lines.map((line) => (
                  <List.Item
                    key={line.key}
                    data-testid="phone-commission-line"
                    extra={<span style={{ fontWeight: 600, color: line.amountMinor < 0 ? '#cf1322' : '#333' }}>{format.money(line.amountMinor, line.currency)}</span>}
                    description={
                      <div style={{ fontSize: 13, lineHeight: 1.5 }}>
                        <div className="pp-row-meta">
                          <span>{t('commissions.line.plan', { plan: line.planKey, version: line.planVersion })}</span>
                          {line.date && <span>{format.day(line.date)}</span>}
                          {line.dealId && <span>{dealNames.get(line.dealId) ?? ''}</span>}
                        </div>
                        {readableSteps(line, locale, line.dealId ? dealNames.get(line.dealId) : undefined).map((text, index) => <div key={index}>{text}</div>)}
                      </div>
                    }
                  >
                    <Tag color={line.amountMinor < 0 ? 'danger' : 'primary'} fill="outline" style={{ marginRight: 6 }}>{t(`commissions.kind.${line.kind}`, { defaultValue: line.kind })}</Tag>
                    {line.componentName}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </div>
      )}
    </PhonePage>
  );
}
