/**
 * Quotas per person and period, which attainment (and so accelerators and gates) is measured against. Typed in the
 * company currency's major units and sent as integer minor units, parsed as text — never through a float.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Flex, Input, Select, Table } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { formatAmount, parseAmount } from '@closeloop/core';
import { usePeople } from '../../../api/directory';
import { errorText } from '../../../lib/errors';
import { useFormat } from '../../../lib/use-format';
import { useQuotas, useSetQuota, type CommissionQuota } from '../api/commissions';
import { PeriodPicker } from './PeriodPicker';

export function QuotasTab({ today, period, onPeriod }: { today: string; period: string; onPeriod: (period: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const quotas = useQuotas(period);
  const people = usePeople();
  const setQuota = useSetQuota();
  const [personId, setPersonId] = useState<string>();
  const [amount, setAmount] = useState('');
  const amountMinor = parseAmount(amount.trim(), format.currency);

  const submit = () => {
    if (!personId || amountMinor === null) return;
    setQuota.mutate({ personId, period, amountMinor }, {
      onSuccess: () => {
        setAmount('');
        void message.success(t('commissions.quotas.saved'));
      },
      onError: (error) => void message.error(errorText(error, t)),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center">
        <PeriodPicker value={period} today={today} onChange={onPeriod} />
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('commissions.quotas.person')}
          style={{ width: 200 }}
          value={personId}
          onChange={setPersonId}
          options={people.people.filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: p.name }))}
          data-testid="quota-person"
        />
        <Input
          style={{ width: 180 }}
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          placeholder={t('commissions.quotas.amount')}
          suffix={format.currency}
          status={amount.trim() && amountMinor === null ? 'error' : undefined}
          data-testid="quota-amount"
        />
        <Button type="primary" icon={<SaveOutlined />} disabled={!personId || amountMinor === null} loading={setQuota.isPending} onClick={submit} data-testid="quota-save">
          {t('commissions.quotas.save')}
        </Button>
      </Flex>
      <Table<CommissionQuota>
        rowKey={(row) => `${row.personId}-${row.period}`}
        size="small"
        loading={quotas.isPending}
        dataSource={quotas.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('commissions.quotas.none', { period }) }}
        onRow={(row) => ({ onClick: () => { setPersonId(row.personId); setAmount(formatAmount(row.amountMinor, format.currency)); } })}
        columns={[
          { title: t('commissions.quotas.person'), dataIndex: 'personId', render: (id: string, row) => row.personName || people.byId.get(id)?.name || id },
          { title: t('commissions.quotas.period'), dataIndex: 'period', width: 140 },
          { title: t('commissions.quotas.amount'), dataIndex: 'amountMinor', align: 'right', width: 200, render: (minor: number) => format.money(minor) },
        ]}
      />
    </Flex>
  );
}
