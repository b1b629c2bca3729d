/**
 * Deciding one approval step (B2): approve in one click when every check passed; with failed checks, "approve with
 * override" opens the violations and asks for a comment (required, audited); reject always asks why, so the rep can
 * fix it. A step whose role may not override sees why the button is missing.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Flex, Form, Input, Modal, Tooltip, Typography } from 'antd';
import { errorText } from '../../../lib/errors';
import type { ContractViolationView } from '@closeloop/core';
import { useContract, useDecideApproval } from '../api/contracts';
import { ViolationList } from './ViolationList';

interface Props {
  contractId: string;
  approvalId: string;
  traceCode: string;
  /** how many checks failed (the inbox knows the count; the failed checks themselves are read when the dialog opens) */
  violationCount: number;
  violations?: readonly ContractViolationView[] | undefined;
  mayOverride: boolean;
}

export function ApprovalDecision({ contractId, approvalId, traceCode, violationCount, violations: given, mayOverride }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useDecideApproval();
  const [open, setOpen] = useState<'override' | 'reject' | null>(null);
  const [form] = Form.useForm<{ comment: string }>();
  const failing = violationCount > 0;
  const contract = useContract(contractId, open === 'override' && !given);
  const violations = given ?? contract.data?.checks?.violations ?? [];

  const send = async (decision: 'approve' | 'reject', comment?: string) => {
    try {
      await decide.mutateAsync({ contractId, approvalId, decision, comment, override: decision === 'approve' && failing });
      void message.success(t(decision === 'approve' ? 'contracts.approvals.approved' : 'contracts.approvals.rejected', { code: traceCode }));
      setOpen(null);
      form.resetFields();
    } catch (error) {
      // shown in the dialog; the one-click approve has none, so a toast says it
      if (!open) void message.error(errorText(error, t));
    }
  };
  const confirm = async () => {
    const { comment } = await form.validateFields();
    await send(open === 'reject' ? 'reject' : 'approve', comment.trim());
  };

  return (
    <>
      <Flex gap={8} wrap>
        {!failing ? (
          <Button type="primary" size="small" loading={decide.isPending && !open} onClick={() => void send('approve')} data-testid="approval-approve">{t('contracts.approvals.approve')}</Button>
        ) : mayOverride ? (
          <Button type="primary" danger size="small" onClick={() => setOpen('override')} data-testid="approval-override">{t('contracts.approvals.approveOverride')}</Button>
        ) : (
          <Tooltip title={t('contracts.approvals.noOverride')}><Button size="small" disabled>{t('contracts.approvals.approveOverride')}</Button></Tooltip>
        )}
        <Button size="small" onClick={() => setOpen('reject')} data-testid="approval-reject">{t('contracts.approvals.reject')}</Button>
      </Flex>
      <Modal
        open={open !== null}
        title={open === 'reject' ? t('contracts.approvals.rejectTitle', { code: traceCode }) : t('contracts.approvals.overrideTitle', { code: traceCode, count: violationCount })}
        okText={open === 'reject' ? t('contracts.approvals.reject') : t('contracts.approvals.approveOverride')}
        okButtonProps={{ danger: true, loading: decide.isPending, ...{ 'data-testid': 'approval-confirm' } }}
        cancelText={t('common.cancel')}
        onOk={() => void confirm()}
        onCancel={() => { setOpen(null); decide.reset(); }}
        destroyOnHidden
        width={640}
      >
        <Flex vertical gap={12}>
          {open === 'override' && <ViolationList violations={violations} />}
          {open === 'override' && <Typography.Text type="secondary">{t('contracts.approvals.overrideNote')}</Typography.Text>}
          {decide.isError && <Alert type="error" showIcon title={errorText(decide.error, t)} />}
          <Form form={form} layout="vertical" preserve={false}>
            <Form.Item
              name="comment"
              label={t('contracts.approvals.comment')}
              rules={[{ required: true, whitespace: true, message: open === 'reject' ? t('contracts.approvals.rejectRequired') : t('contracts.approvals.commentRequired') }, { max: 1000 }]}
            >
              <Input.TextArea rows={3} autoFocus data-testid="approval-comment" />
            </Form.Item>
          </Form>
        </Flex>
      </Modal>
    </>
  );
}
