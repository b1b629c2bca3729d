/**
 * The actions a contract allows now (the server lists them from the state machine; the person's permissions narrow
 * them): edit and submit a draft, reopen a rejected one, void with a reason, complete when paid and delivered.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { App, Button, Form, Input, Modal, Popconfirm } from 'antd';
import type { ContractView } from '@closeloop/core';
import { useSession } from '../../../api/session';
import { errorText } from '../../../lib/errors';
import { useContractCommand, type ContractCommand } from '../api/contracts';

export function ContractActions({ contract }: { contract: ContractView }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const command = useContractCommand();
  const [voiding, setVoiding] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const allowed = new Set<string>(contract.allowedActions);
  const writer = can('documents.write');
  // Whoever may edit a draft or rejected contract may void it; once submitted, only approvers (the server says the same).
  const early = contract.status === 'draft' || contract.status === 'rejected';

  const run = async (name: ContractCommand, reason?: string) => {
    try {
      await command.mutateAsync({ id: contract.id, version: contract.version, command: name, reason });
      setVoiding(false);
      void message.success(t('contracts.page.done'));
    } catch (error) {
      void message.error(errorText(error, t));
    }
  };

  return (
    <>
      {writer && (contract.status === 'draft' || contract.status === 'rejected') && (
        <Link to={`/contracts/${contract.id}/edit`}><Button data-testid="contract-edit">{t('contracts.page.edit')}</Button></Link>
      )}
      {writer && allowed.has('submit') && (
        <Button type="primary" loading={command.isPending} onClick={() => void run('submit')} data-testid="contract-submit">{t('contracts.page.submit')}</Button>
      )}
      {writer && allowed.has('revise') && (
        <Button onClick={() => void run('revise')} loading={command.isPending} data-testid="contract-revise">{t('contracts.page.revise')}</Button>
      )}
      {writer && allowed.has('complete') && (
        <Popconfirm title={t('contracts.page.completeConfirm', { code: contract.traceCode })} onConfirm={() => run('complete')} okText={t('common.confirm')} cancelText={t('common.cancel')}>
          <Button type="primary" data-testid="contract-complete">{t('contracts.page.complete')}</Button>
        </Popconfirm>
      )}
      {allowed.has('void') && (early ? writer : can('documents.approve')) && (
        <Button danger onClick={() => setVoiding(true)} data-testid="contract-void">{t('contracts.page.void')}</Button>
      )}
      <Modal
        open={voiding}
        title={t('contracts.page.voidTitle', { code: contract.traceCode })}
        okText={t('contracts.page.void')}
        okButtonProps={{ danger: true, loading: command.isPending }}
        cancelText={t('common.cancel')}
        onCancel={() => setVoiding(false)}
        onOk={() => void form.validateFields().then(({ reason }) => run('void', reason.trim()))}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('contracts.page.voidReason')} rules={[{ required: true, whitespace: true, message: t('contracts.editor.required') }, { max: 500 }]}>
            <Input.TextArea rows={3} autoFocus data-testid="void-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
