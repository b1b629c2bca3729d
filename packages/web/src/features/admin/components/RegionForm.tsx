/** Create a region, or rename, re-code or move one. A whitelist naming a region covers every region below it. */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, TreeSelect } from 'antd';
import { api } from '../../../api/client';
import { useRegions, type Region } from '../../../api/directory';
import { buildTree, subtreeOf } from '../../../lib/tree';
import { useServerErrors } from '../hooks/useServerErrors';
import { FormError } from './FormError';

interface Values {
  name: string;
  code: string | null;
  parentId: string | null;
}

export interface RegionFormProps {
  open: boolean;
  region?: Region | undefined;
  parentId?: string | null;
  onClose: () => void;
  onSaved: (region: Region) => void;
}

export function RegionForm({ open, region, parentId = null, onClose, onSaved }: RegionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { formError, show, clear, edited } = useServerErrors(form);
  const client = useQueryClient();
  const regions = useRegions();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(region ? { name: region.name, code: region.code, parentId: region.parentId } : { name: '', code: null, parentId });
    clear();
  }, [open, region, parentId, form, clear]);

  const blocked = useMemo(() => (region ? subtreeOf(regions.data ?? [], region.id) : new Set<string>()), [regions.data, region]);
  const tree = useMemo(() => buildTree(regions.data ?? [], blocked), [regions.data, blocked]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const next = { name: values.name.trim(), code: values.code?.trim() ? values.code.trim() : null, parentId: values.parentId ?? null };
      if (!region) return api<Region>('/regions', { method: 'POST', body: next });
      const patch: Record<string, unknown> = {};
      for (const key of ['name', 'code', 'parentId'] as const) if (next[key] !== region[key]) patch[key] = next[key];
      // Nothing changed: the server would refuse an empty change, and there is nothing to save.
      if (Object.keys(patch).length === 0) return Promise.resolve(region);
      return api<Region>(`/regions/${region.id}`, { method: 'PATCH', body: patch });
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['regions'] });
      onSaved(saved);
    },
    onError: show,
  });

  return (
    <Modal
      open={open}
      title={region ? t('admin.regions.editTitle', { name: region.name }) : t('admin.regions.createTitle')}
      onCancel={onClose}
      forceRender
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'save-button' }}
      onOk={() => form.submit()}
    >
      <FormError message={formError} />
      <Form<Values> form={form} onValuesChange={edited} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="region-form">
        <Form.Item name="name" label={t('admin.regions.name')} rules={[{ required: true, whitespace: true, message: t('admin.regions.nameRequired') }, { max: 60 }]}>
          <Input data-testid="region-name" autoComplete="off" />
        </Form.Item>
        <Form.Item name="code" label={t('admin.regions.code')} extra={t('admin.regions.codeHelp')} rules={[{ max: 20 }]}>
          <Input data-testid="region-code" autoComplete="off" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="parentId" label={t('admin.regions.parent')}>
          <TreeSelect
            data-testid="region-parent"
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={tree}
            placeholder={t('admin.regions.topLevel')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
