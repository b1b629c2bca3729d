/**
 * An admin sets a new password for someone (forgotten, or a lock-out): the server clears the lock and ends every
 * session of theirs. The password is generated here and shown once afterwards, to hand over.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Space } from 'antd';
import { api } from '../../../api/client';
import type { User } from '../api/people';
import { generatePassword } from '../hooks/password';
import { useServerErrors } from '../hooks/useServerErrors';
import { FormError } from './FormError';

export function ResetPasswordDialog({ user, onClose, onDone }: { user: User | null; onClose: () => void; onDone: (user: User, password: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ newPassword: string }>();
  const { formError, show, clear, edited } = useServerErrors(form);

  useEffect(() => {
    if (!user) return;
    form.setFieldsValue({ newPassword: generatePassword() });
    clear();
  }, [user, form, clear]);

  const reset = useMutation({
    mutationFn: ({ id, newPassword }: { id: string; newPassword: string }) => api<void>(`/users/${id}/password-reset`, { method: 'POST', body: { newPassword } }),
    onSuccess: (_, { newPassword }) => {
      if (user) onDone(user, newPassword);
    },
    onError: show,
  });

  return (
    <Modal
      open={user !== null}
      title={t('admin.users.resetTitle', { name: user?.name ?? '' })}
      onCancel={onClose}
      forceRender
      okText={t('admin.users.resetConfirm')}
      okButtonProps={{ danger: true, loading: reset.isPending, 'data-testid': 'reset-password-confirm' }}
      onOk={() => form.submit()}
    >
      <Alert type="info" showIcon title={t('admin.users.resetEffect')} style={{ marginBottom: 16 }} />
      <FormError message={formError} />
      <Form form={form} onValuesChange={edited} layout="vertical" onFinish={({ newPassword }) => user && reset.mutate({ id: user.id, newPassword })}>
        <Form.Item label={t('admin.users.newPassword')} extra={t('admin.users.passwordHelp')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="newPassword" noStyle rules={[{ required: true, message: t('admin.users.passwordRequired') }, { min: 10, message: t('admin.users.passwordShort') }, { max: 128 }]}>
              <Input data-testid="reset-password-input" autoComplete="off" />
            </Form.Item>
            <Button onClick={() => form.setFieldValue('newPassword', generatePassword())}>{t('admin.users.generate')}</Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
