/**
 * A plan's text (YAML or JSON, as comp teams write it) and "save as a new version": the server parses it with the
 * engine's own schema and, if it refuses, every problem is listed by its place in the document. Saved versions are
 * never edited, so the editor always starts from a copy.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Flex, Input, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useSubmitKey } from '../../../lib/use-submit-key';
import { useSavePlan, type CommissionPlanVersion } from '../api/commissions';
import { PlanProblems } from './PlanProblems';

export function PlanEditor({ initial, onSaved }: { initial: string; onSaved: (plan: CommissionPlanVersion) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [source, setSource] = useState(initial);
  const save = useSavePlan();
  const keys = useSubmitKey();
  useEffect(() => setSource(initial), [initial]);


  const submit = () =>
    save.mutate({ source, key: keys.keyFor(source) }, {
      onSuccess: (plan) => {
        keys.done();
        void message.success(t('commissions.plans.saved', { plan: plan.planKey, version: plan.version }));
        onSaved(plan);
      },
    });

  return (
    <Flex vertical gap={12}>
      <Input.TextArea
        value={source}
        onChange={(event) => setSource(event.target.value)}
        autoSize={{ minRows: 18, maxRows: 36 }}
        spellCheck={false}
        aria-label={t('commissions.plans.source')}
        wrap="off"
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13, whiteSpace: 'pre', overflowX: 'auto' }}
        data-testid="plan-source"
      />
      {save.error && <PlanProblems error={save.error} testId="plan-problems" />}
      <Flex justify="space-between" align="center" gap={12}>
        <Typography.Text type="secondary">{t('commissions.plans.versionHint')}</Typography.Text>
        <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} disabled={!source.trim()} onClick={submit} data-testid="plan-save">
          {t('commissions.plans.save')}
        </Button>
      </Flex>
    </Flex>
  );
}
