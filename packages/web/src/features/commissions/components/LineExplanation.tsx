/**
 * One payout line explained (C3): which plan and version paid it, by which rule, on which payment, the inputs as a
 * person reads them, the rule's formula and each step of the arithmetic in the reader's language.
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Flex, Space, Tag, Typography } from 'antd';
import type { ExplainedLine } from '../api/commissions';
import { readableSteps, stepTexts } from '../hooks/explain';
import { useFormat } from '../../../lib/use-format';

/**
 * `dealNames` (the trace codes of stored lines' contracts) turns ids into trace codes and links the deal; without it
 * (simulated lines, whose deals are the CSV's own names) the text is shown as given.
 */
export function LineExplanation({ line, ruleName, dealNames }: { line: ExplainedLine; ruleName?: string | undefined; dealNames?: Map<string, string> | undefined }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const inputs = Object.entries(line.inputs);
  return (
    <Flex vertical gap={6} data-testid="commission-line" style={{ padding: '12px 0' }}>
      <Flex justify="space-between" align="baseline" gap={16}>
        <Space wrap size={[8, 4]}>
          <Tag color={line.amountMinor < 0 ? 'red' : 'blue'}>{t(`commissions.kind.${line.kind}`, { defaultValue: line.kind })}</Tag>
          <Typography.Text strong data-testid="line-rule">{ruleName ?? line.componentName ?? line.componentId}</Typography.Text>
          <Typography.Text type="secondary" data-testid="line-plan">
            {t('commissions.line.plan', { plan: line.planKey ?? line.planId, version: line.planVersion })}
          </Typography.Text>
          {line.date && <Typography.Text type="secondary">{format.day(line.date)}</Typography.Text>}
          {line.dealId && (dealNames ? (
            <Link to={`/contracts/${line.dealId}`}>{t('commissions.line.deal', { deal: dealNames.get(line.dealId) ?? `…${line.dealId.slice(-6)}` })}</Link>
          ) : <Typography.Text type="secondary">{t('commissions.line.deal', { deal: line.dealId })}</Typography.Text>)}
        </Space>
        <Typography.Text strong style={{ fontSize: 16, whiteSpace: 'nowrap', color: line.amountMinor < 0 ? '#cf1322' : undefined }} data-testid="line-amount">
          {format.money(line.amountMinor, line.currency)}
        </Typography.Text>
      </Flex>
      {inputs.length > 0 && (
        <Space wrap size={[6, 4]}>
          {inputs.map(([name, value]) => (
            <Tag key={name} bordered={false}>{t(`commissions.input.${name}`, { defaultValue: name })}: {value}</Tag>
          ))}
        </Space>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('commissions.line.formula')}: <Typography.Text code>{line.formula}</Typography.Text>
      </Typography.Text>
      <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="line-steps">
        {(dealNames ? readableSteps(line, locale, line.dealId ? dealNames.get(line.dealId) : undefined) : stepTexts(line, locale)).map((text, index) => (
          <li key={index}><Typography.Text>{text}</Typography.Text></li>
        ))}
      </ol>
    </Flex>
  );
}
