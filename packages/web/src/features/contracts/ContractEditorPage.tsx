/**
 * Drafting a contract (B1, B2): the customer, product lines (quantity × unit price, with the product's list and floor
 * price beside each so a rep sees a failing price before submitting), the live total in the company's currency, the
 * payment terms, the rebate and whether it may ship before payment. "Submit" saves and submits in one go; the checks
 * that fail come back from the server and are shown line by line on the contract's page.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Product } from '@closeloop/core';
import { ApiError } from '../../api/client';
import { useSignedIn } from '../../api/session';
import { errorText } from '../../lib/errors';
import { LoadError, Loading } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { useSubmitKey } from '../../lib/use-submit-key';
import { fromMinor } from '../records/money';
import { CustomerSelect } from '../records/pickers';
import { useContract, useDocumentSettings, useSaveContract, useSubmitContract } from './api/contracts';
import { ProductSelect } from './components/ProductSelect';
import { contractBody, lineAmountMinor, priceHint, totalMinor, valuesOf, type ContractValues, type LineValues } from './hooks/contract-form';

const editable = new Set(['draft', 'rejected']);

export default function ContractEditorPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { org } = useSignedIn();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ContractValues>();
  const keys = useSubmitKey();
  // A new contract saved by "submit" whose submit then failed: the next try submits it again instead of creating twice.
  const [created, setCreated] = useState<{ id: string; version: number }>();
  const existing = useContract(id);
  const settings = useDocumentSettings();
  const save = useSaveContract();
  const submit = useSubmitContract();
  const lines = Form.useWatch('lines', form) as LineValues[] | undefined;
  const total = useMemo(() => totalMinor(lines, org.currency), [lines, org.currency]);
  const names = useMemo(() => new Map((existing.data?.lines ?? []).map((line) => [line.productId, line.productName])), [existing.data]);

  useEffect(() => {
    if (existing.data) form.setFieldsValue(valuesOf(existing.data, (minor) => fromMinor(minor, org.currency)));
  }, [existing.data, form, org.currency]);
  useEffect(() => {
    if (!id && settings.data && form.getFieldValue('paymentTermsDays') === undefined) form.setFieldValue('paymentTermsDays', settings.data.settings.defaultPaymentTermsDays);
  }, [id, settings.data, form]);

  const failed = save.error ?? submit.error;
  const stale = failed instanceof ApiError && failed.code === 'STALE_VERSION';

  const run = async (andSubmit: boolean) => {
    let values: ContractValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input = contractBody(values, org.currency);
    if (!input) return void message.error(t('contracts.editor.incomplete'));
    try {
      const target = id ?? created?.id;
      const saved = await save.mutateAsync({ id: target, version: created?.version ?? existing.data?.version, input, key: target ? undefined : keys.keyFor(input) });
      keys.done();
      if (!andSubmit) {
        void message.success(t('contracts.editor.saved'));
        return void navigate(`/contracts/${saved.id}`);
      }
      setCreated({ id: saved.id, version: saved.version });
      const result = await submit.mutateAsync({ id: saved.id, version: saved.version });
      const violations = result.checks?.violations ?? [];
      if (violations.length === 0 && result.status === 'signed') void message.success(t('contracts.editor.signed', { code: result.traceCode }));
      else if (violations.length === 0) void message.success(t('contracts.editor.submitted', { code: result.traceCode }));
      void navigate(`/contracts/${saved.id}`);
    } catch {
      // shown below from the mutation's error
    }
  };

  if (id && existing.isPending) return <Loading rows={10} />;
  if (id && existing.isError) return <LoadError error={existing.error} onRetry={() => void existing.refetch()} />;
  if (existing.data && !editable.has(existing.data.status)) {
    return (
      <Alert
        type="info"
        showIcon
        title={t('contracts.editor.cannotEdit', { code: existing.data.traceCode, status: t(`documents.status.contract.${existing.data.status}`) })}
        action={<Link to={`/contracts/${existing.data.id}`}><Button>{t('contracts.page.back')}</Button></Link>}
      />
    );
  }

  const line = (index: number) => lines?.[index];
  return (
    <Flex vertical gap={16} style={{ maxWidth: 1100 }} data-testid="contract-editor">
      <div>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {existing.data ? t('contracts.editor.editTitle', { code: existing.data.traceCode }) : t('contracts.editor.newTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('contracts.editor.description')} · {t('contracts.editor.currencyNote', { currency: org.currency })}</Typography.Text>
      </div>
      {failed && (
        <Alert
          type="error"
          showIcon
          // A refused submit lists each failed check on its own line.
          title={<span style={{ whiteSpace: 'pre-line' }}>{stale ? t('contracts.editor.stale') : errorText(failed, t)}</span>}
          action={stale ? <Button onClick={() => void existing.refetch()}>{t('contracts.editor.reload')}</Button> : undefined}
          data-testid="form-error"
        />
      )}
      <Form<ContractValues> form={form} layout="vertical" initialValues={{ lines: [{ quantity: 1 }], shipmentBeforePayment: false, rebatePercent: 0 }} onValuesChange={() => { save.reset(); submit.reset(); }}>
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="customerId" label={t('contracts.editor.customer')} rules={[{ required: true, message: t('contracts.editor.required') }]}>
                <CustomerSelect disabled={!!id} data-testid="contract-customer" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="title" label={t('contracts.editor.title')} rules={[{ required: true, whitespace: true, message: t('contracts.editor.required') }, { max: 200 }]}>
                <Input placeholder={t('contracts.editor.titlePlaceholder')} data-testid="contract-title" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('contracts.editor.lines')} style={{ marginBottom: 16 }}>
          <Form.List name="lines" rules={[{ validator: async (_, value: unknown[]) => { if (!value?.length) throw new Error(t('contracts.editor.noLines')); } }]}>
            {(fields, { add, remove }, { errors }) => (
              <Flex vertical gap={4}>
                <Row gutter={8} style={{ fontWeight: 500, color: '#8c8c8c', fontSize: 12 }}>
                  <Col span={1}>#</Col>
                  <Col span={9}>{t('contracts.editor.product')}</Col>
                  <Col span={3}>{t('contracts.editor.quantity')}</Col>
                  <Col span={5}>{t('contracts.editor.unitPrice')}</Col>
                  <Col span={5} style={{ textAlign: 'right' }}>{t('contracts.editor.amount')}</Col>
                </Row>
                {fields.map((field, index) => {
                  const current = line(index);
                  const hint = priceHint(current, org.currency);
                  const amount = lineAmountMinor(current, org.currency);
                  return (
                    <Row gutter={8} key={field.key} align="top" data-testid="contract-line">
                      <Col span={1} style={{ paddingTop: 5 }}>{index + 1}</Col>
                      <Col span={9}>
                        <Form.Item name={[field.name, 'productId']} rules={[{ required: true, message: t('contracts.editor.required') }]} style={{ marginBottom: 8 }}
                          extra={current?.listPriceMinor !== undefined && current.listPriceMinor !== null ? (
                            <span>{t('contracts.editor.listPrice', { price: format.money(current.listPriceMinor) })}{current.floorPriceMinor !== null && current.floorPriceMinor !== undefined ? ` · ${t('contracts.editor.floorPrice', { price: format.money(current.floorPriceMinor) })}` : ''}</span>
                          ) : undefined}
                        >
                          <ProductSelect
                            knownName={current?.productId ? names.get(current.productId) : undefined}
                            data-testid={`line-product-${index}`}
                            onChange={(productId: string, product: Product | undefined) => {
                              const patch: LineValues = { ...current, productId };
                              if (product) {
                                patch.listPriceMinor = product.listPrice.minor;
                                patch.floorPriceMinor = product.floorPrice.minor;
                                if (!current?.unitPrice) patch.unitPrice = fromMinor(product.listPrice.minor, org.currency);
                              }
                              form.setFieldValue(['lines', field.name], patch);
                            }}
                          />
                        </Form.Item>
                        <Form.Item name={[field.name, 'listPriceMinor']} hidden><InputNumber /></Form.Item>
                        <Form.Item name={[field.name, 'floorPriceMinor']} hidden><InputNumber /></Form.Item>
                      </Col>
                      <Col span={3}>
                        <Form.Item name={[field.name, 'quantity']} rules={[{ required: true, message: t('contracts.editor.required') }]} style={{ marginBottom: 8 }}>
                          <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} data-testid={`line-quantity-${index}`} />
                        </Form.Item>
                      </Col>
                      <Col span={5}>
                        <Form.Item
                          name={[field.name, 'unitPrice']}
                          rules={[{ required: true, message: t('contracts.editor.required') }, { pattern: /^\s*[\d,]+(\.\d{0,2})?\s*$/, message: t('contracts.editor.required') }]}
                          style={{ marginBottom: 8 }}
                          validateStatus={hint === 'belowFloor' ? 'warning' : undefined}
                          help={hint ? <span data-testid={`line-hint-${index}`}>{t(`contracts.editor.${hint}`)}</span> : undefined}
                        >
                          <Input prefix={org.currency} inputMode="decimal" data-testid={`line-price-${index}`} />
                        </Form.Item>
                      </Col>
                      <Col span={5} style={{ textAlign: 'right', paddingTop: 5 }}>
                        <Typography.Text data-testid={`line-amount-${index}`}>{amount === null ? '—' : format.money(amount)}</Typography.Text>
                      </Col>
                      <Col span={1}>
                        <Button type="text" icon={<DeleteOutlined />} aria-label={t('contracts.editor.removeLine', { n: index + 1 })} disabled={fields.length === 1} onClick={() => remove(field.name)} />
                      </Col>
                    </Row>
                  );
                })}
                <Form.ErrorList errors={errors} />
                <Flex justify="space-between" align="center">
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="line-add">{t('contracts.editor.addLine')}</Button>
                  <Space>
                    <Typography.Text type="secondary">{t('contracts.editor.total')}</Typography.Text>
                    <Typography.Title level={4} style={{ margin: 0 }} data-testid="contract-total">{format.money(total)}</Typography.Title>
                  </Space>
                </Flex>
              </Flex>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('contracts.editor.terms')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item name="paymentTermsDays" label={t('contracts.editor.paymentTermsDays')}>
                <InputNumber min={0} max={365} precision={0} suffix={t('contracts.editor.days')} style={{ width: '100%' }} data-testid="contract-terms" />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="rebatePercent" label={t('contracts.editor.rebate')} tooltip={t('contracts.editor.rebateHelp')}>
                <InputNumber min={0} max={100} step={0.5} precision={2} suffix="%" style={{ width: '100%' }} data-testid="contract-rebate" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="shipmentBeforePayment" label={t('contracts.editor.shipmentBeforePayment')} valuePropName="checked" extra={t('contracts.editor.shipmentBeforePaymentHelp')}>
                <Switch data-testid="contract-ship-before-payment" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('contracts.editor.note')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Card>
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => void run(false)} loading={save.isPending && !submit.isPending} data-testid="contract-save">{t('contracts.editor.saveDraft')}</Button>
          <Button type="primary" onClick={() => void run(true)} loading={submit.isPending} data-testid="contract-submit">{t('contracts.editor.submit')}</Button>
        </Flex>
      </Form>
    </Flex>
  );
}
