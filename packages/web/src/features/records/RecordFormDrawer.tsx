/**
 * The drawer every record form opens in. Its form is made afresh each time the drawer opens (so an edit never starts
 * from the last record's leftovers). It submits, puts the server's field errors on their fields, shows what no field
 * claims above the form, and on a version conflict (someone saved the record meanwhile) says so and offers to load
 * what is there now.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Drawer, Flex, Form, type FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { placeFieldErrors } from './field-errors';
import { isStale } from './record-api';

interface Props<V> {
  open: boolean;
  title: ReactNode;
  /** the form's field names, where the server's field errors land */
  fields: readonly string[];
  /** body field → the form field that edits it, where the names differ */
  aliases?: Readonly<Record<string, string>>;
  initialValues: Partial<V>;
  onSubmit(values: V): Promise<void>;
  onClose(): void;
  /** loads the record afresh after a version conflict and gives the values the form starts again from */
  onReload?(): Promise<Partial<V>>;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  testId: string;
}

export function RecordFormDrawer<V extends object>(props: Props<V>) {
  return (
    <Drawer open={props.open} title={props.title} size={560} onClose={props.onClose} destroyOnHidden data-testid={props.testId}>
      <FormBody {...props} />
    </Drawer>
  );
}

function FormBody<V extends object>({ fields, aliases, initialValues, onSubmit, onClose, onReload, children }: Props<V>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ text: string; stale: boolean } | null>(null);

  const submit = async (values: V) => {
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit(values);
    } catch (error) {
      const { placed, unplaced } = error instanceof ApiError ? placeFieldErrors(error.fields, fields, aliases) : { placed: [], unplaced: [] };
      form.setFields(placed as Parameters<typeof form.setFields>[0]);
      const text = error instanceof ApiError && placed.length > 0 ? [error.message, ...unplaced].join(' ') : errorText(error, t);
      setProblem({ text, stale: isStale(error) });
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    if (!onReload) return;
    const fresh = await onReload();
    form.resetFields();
    form.setFieldsValue(fresh as Parameters<typeof form.setFieldsValue>[0]);
    setProblem(null);
  };

  return (
    <>
      {problem && (
        <Alert
          type={problem.stale ? 'warning' : 'error'}
          showIcon
          title={problem.text}
          style={{ marginBottom: 16 }}
          data-testid={problem.stale ? 'version-conflict' : 'form-error'}
          action={
            problem.stale && onReload ? (
              <Button size="small" onClick={() => void reload()} data-testid="conflict-reload">
                {t('records.conflict.reload')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void submit(values)} scrollToFirstError>
        {typeof children === 'function' ? children(form) : children}
        <Flex
          justify="flex-end"
          gap={8}
          style={{ position: 'sticky', bottom: -24, background: '#fff', padding: '12px 0 24px', borderTop: '1px solid #f0f0f0', zIndex: 1 }}
        >
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="save-button">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
