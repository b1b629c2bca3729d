/**
 * My commission on the phone (C3, read-only): the period's total, the total per rule and each line with its plan and
 * version, rule and arithmetic. A manager or finance picks whose statement from the people the server lists for the
 * period (their reach: a manager's team tree, finance everyone; a rep sees only their own and no picker), as on the
 * desk. A lazy chunk of its own, reached from Me, so the phone's home does not grow.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionSheet, Button, List, Tag } from 'antd-mobile';
import { LeftOutline, RightOutline } from 'antd-mobile-icons';
import { useSignedIn } from '../../api/session';
import { useFormat } from '../../lib/use-format';
import { DetailSkeleton, EmptyState, LoadFailed } from '../phone/PageStates';
import { PhonePage } from '../phone/PhonePage';
import { useDealNames, useStatement, useStatements } from './api/commissions';
import { readableSteps } from './hooks/explain';
import { componentTotals } from './hooks/lines';
import { shiftPeriod } from './hooks/periods';
import { useCommissionPeriod } from './hooks/use-period';

export default function PhoneStatement() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { user } = useSignedIn();
  const { period, params, set, setPeriod } = useCommissionPeriod();
  const [picking, setPicking] = useState(false);
  // Whose statements the server lets this person read this period; a picker only when that is more than their own.
  const reach = useStatements(period);
  const people = reach.data?.items ?? [];
  const others = people.some((item) => item.personId !== user.id);
  const personId = params.get('person') ?? user.id;
  const statement = useStatement(period, personId);
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

  const personName = people.find((item) => item.personId === personId)?.personName || (personId === user.id ? user.name : '');
  const picker = others && (
    <List>
      <List.Item onClick={() => setPicking(true)} extra={<span data-testid="phone-statement-person">{personName}</span>} arrow>
        {t('commissions.statement.person')}
      </List.Item>
    </List>
  );

  return (
    <PhonePage title={personId === user.id ? t('commissions.phone.title') : t('commissions.phone.titleOf', { name: personName })} backTo="/m/me" toolbar={toolbar}>
      {picker}
      <ActionSheet
        visible={picking}
        onClose={() => setPicking(false)}
        extra={t('commissions.phone.pickPerson')}
        cancelText={t('common.cancel')}
        actions={[
          // Their own statement stays reachable even in a period where only their people have lines.
          ...(people.some((item) => item.personId === user.id) ? [] : [{ key: user.id, text: user.name, disabled: personId === user.id }]),
          ...people.map((item) => ({ key: item.personId, text: item.personName, description: format.money(item.totalMinor, item.currency), disabled: item.personId === personId })),
        ]}
        onAction={(action) => {
          setPicking(false);
          set('person', action.key === user.id ? undefined : String(action.key));
        }}
        data-testid="phone-statement-people"
      />
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
