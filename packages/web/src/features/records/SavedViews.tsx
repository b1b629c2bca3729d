/**
 * Saved views of a list: a person keeps the current filters and sort under a name, picks one later (it replaces the
 * query in the URL) and deletes what they no longer use. Stored on the server, per person, so they follow the person
 * to another desk.
 */
import { memo, useCallback, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { App, Button, Empty, Flex, Form, Input, Modal, Popconfirm, Popover, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, DownOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import type { SavedView } from '@closeloop/core';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { listSpecs, sameQuery, type ListKind } from './list-spec';
import type { ListQueryState } from './useListQuery';

export function SavedViews({ kind, state }: { kind: ListKind; state: ListQueryState }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const closeNaming = useCallback(() => setNaming(false), []);
  const key = ['saved-views', kind];
  const views = useQuery({ queryKey: key, queryFn: ({ signal }) => api<{ items: SavedView[] }>('/saved-views', { query: { list: kind }, signal }).then((r) => r.items) });
  const active = views.data?.find((view) => sameQuery(listSpecs[kind], view.query, state.query));

  const save = useMutation({
    mutationFn: (name: string) => api<SavedView>('/saved-views', { method: 'POST', body: { list: kind, name, query: state.query } }),
    onSuccess: (view) => {
      void client.invalidateQueries({ queryKey: key });
      setNaming(false);
      void message.success(t('records.views.saved', { name: view.name }));
    },
    onError: (error) => {
      const field = error instanceof ApiError ? error.fields['body.name'] : undefined;
      if (field) form.setFields([{ name: 'name', errors: [field] }]);
    },
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => api(`/saved-views/${view.id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
    onError: (error) => void message.error(errorText(error, t)),
  });

  const content = (
    <div style={{ width: 300 }} data-testid="saved-views-panel">
      {views.isError ? (
        <Typography.Text type="danger">{errorText(views.error, t)}</Typography.Text>
      ) : views.data?.length ? (
        <Flex vertical gap={2} style={{ maxHeight: 320, overflow: 'auto' }}>
          {views.data.map((view) => (
            <Flex key={view.id} justify="space-between" align="center" data-testid="saved-view">
              <Button
                type={view.id === active?.id ? 'link' : 'text'}
                style={{ flex: 1, justifyContent: 'flex-start', overflow: 'hidden' }}
                onClick={() => {
                  state.replace(view.query);
                  setOpen(false);
                }}
                data-testid="saved-view-item"
              >
                <Typography.Text ellipsis style={{ color: 'inherit' }}>{view.name}</Typography.Text>
              </Button>
              <Popconfirm
                title={t('records.views.deleteConfirm', { name: view.name })}
                onConfirm={() => remove.mutate(view)}
                okButtonProps={{ danger: true, 'data-testid': 'saved-view-delete-confirm' }}
              >
                <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid="saved-view-delete" />
              </Popconfirm>
            </Flex>
          ))}
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={views.isPending ? t('common.loading') : t('records.views.none')} />
      )}
      <Button
        block
        icon={<SaveOutlined />}
        style={{ marginTop: 8 }}
        onClick={() => {
          setOpen(false);
          form.setFieldsValue({ name: active?.name ?? '' });
          setNaming(true);
        }}
        data-testid="saved-view-save-open"
      >
        {t('records.views.saveCurrent')}
      </Button>
    </div>
  );

  return (
    <>
      <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" content={content} title={t('records.views.title')}>
        <Button icon={<EyeOutlined />} data-testid="saved-views">
          {active ? active.name : t('records.views.button')} <DownOutlined />
        </Button>
      </Popover>
      <SaveViewModal open={naming} form={form} views={views.data} saving={save.isPending} error={save.error} onSave={save.mutate} onClose={closeNaming} />
    </>
  );
}

interface SaveViewModalProps {
  open: boolean;
  form: FormInstance<{ name: string }>;
  views: SavedView[] | undefined;
  saving: boolean;
  error: Error | null;
  onSave(name: string): void;
  onClose(): void;
}

/**
 * Naming the current view. Kept rendered (forceRender: the form instance must be connected while the list page reads
 * it) but memoised, so a list change (each sort or filter is a new address) does not redraw and re-measure its form.
 */
const SaveViewModal = memo(function SaveViewModal({ open, form, views, saving, error, onSave, onClose }: SaveViewModalProps) {
  const { t } = useTranslation();
  const typedName = Form.useWatch('name', form);
  return (
    <Modal
      open={open}
      title={t('records.views.saveTitle')}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'saved-view-save' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('records.views.saveHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={({ name }) => onSave(name.trim())}>
        <Form.Item
          name="name"
          label={t('records.views.name')}
          rules={[{ required: true, whitespace: true, message: t('records.views.nameRequired') }, { max: 60 }]}
          extra={views?.some((view) => view.name === typedName?.trim()) ? t('records.views.willReplace') : undefined}
        >
          <Input maxLength={60} autoFocus data-testid="saved-view-name" />
        </Form.Item>
        {error && !(error instanceof ApiError && error.fields['body.name']) && (
          <Typography.Text type="danger">{errorText(error, t)}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
});
