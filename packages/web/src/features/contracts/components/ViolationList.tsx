/**
 * Failed submit checks (B2), one Alert line each: where (the whole contract or line n), which rule, the server's own
 * sentence, and by how much it misses — what a rep needs to fix it and an approver needs to judge an override.
 */
import { useTranslation } from 'react-i18next';
import { Alert, Flex, Tag, Typography } from 'antd';
import { useFormat } from '../../../lib/use-format';
import type { ContractViolationView } from '@closeloop/core';
import { excessOf, sortViolations, violationKey } from '../hooks/violations';

export function ViolationList({ violations, title, type = 'warning' }: { violations: readonly ContractViolationView[]; title?: string; type?: 'warning' | 'error' | 'info' }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (violations.length === 0) return null;
  return (
    <Alert
      type={type}
      showIcon
      data-testid="violations"
      title={title ?? t('contracts.editor.violationsBefore')}
      description={
        <Flex vertical gap={6} component="ul" style={{ margin: '6px 0 0', padding: 0, listStyle: 'none' }}>
          {sortViolations(violations).map((violation, index) => {
            const excess = excessOf(violation);
            return (
              <li key={violationKey(violation, index)} data-testid={`violation-${violation.code}`}>
                <Flex gap={8} wrap align="baseline">
                  <Tag>{violation.lineNo ? t('contracts.violation.line', { n: violation.lineNo }) : t('contracts.violation.whole')}</Tag>
                  <Typography.Text strong>{t(`documents.rule.${violation.code}`, { defaultValue: violation.code })}</Typography.Text>
                  <Typography.Text>{violation.message}</Typography.Text>
                  {excess !== null && excess > 0 && <Typography.Text type="danger">{t('contracts.violation.by', { amount: format.money(excess) })}</Typography.Text>}
                </Flex>
              </li>
            );
          })}
        </Flex>
      }
    />
  );
}
