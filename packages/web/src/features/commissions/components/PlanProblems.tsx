/** A refused plan or simulation: each of the plan's problems by its place in the document, or the server's sentence. */
import { useTranslation } from 'react-i18next';
import { Alert, List, Typography } from 'antd';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../lib/errors';
import { planProblems } from '../hooks/lines';

export function PlanProblems({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  const problems = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? planProblems(error.fields) : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={problems.length > 0 ? t('commissions.plans.problems', { count: problems.length }) : errorText(error, t)}
      description={problems.length > 0 && (
        <List
          size="small"
          split={false}
          dataSource={problems}
          renderItem={(problem) => (
            <List.Item style={{ padding: '2px 0', justifyContent: 'flex-start', gap: 8 }} data-testid="plan-problem">
              <Typography.Text code>{problem.path || t('commissions.plans.wholePlan')}</Typography.Text>
              <span>{problem.message}</span>
            </List.Item>
          )}
        />
      )}
    />
  );
}
