/** A contract's lines: product, quantity × unit price = amount, with the floor price it was checked against. */
import { useTranslation } from 'react-i18next';
import { Table, Typography } from 'antd';
import { useFormat } from '../../../lib/use-format';
import type { ContractView } from '@closeloop/core';

type ContractLine = ContractView['lines'][number];

export function LinesTable({ lines, totalMinor }: { lines: readonly ContractLine[]; totalMinor: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table<ContractLine>
      rowKey="lineNo"
      size="small"
      pagination={false}
      dataSource={[...lines]}
      data-testid="contract-lines"
      columns={[
        { title: t('contracts.lines.no'), dataIndex: 'lineNo', width: 48 },
        { title: t('contracts.lines.product'), dataIndex: 'productName', render: (name: string) => name },
        { title: t('contracts.lines.quantity'), dataIndex: 'quantity', align: 'right', width: 90, render: (n: number) => n },
        { title: t('contracts.lines.unitPrice'), dataIndex: 'unitPriceMinor', align: 'right', width: 150, render: (minor: number, line) => (
          <Typography.Text type={line.floorPriceMinor !== null && minor < line.floorPriceMinor ? 'danger' : undefined}>{format.money(minor)}</Typography.Text>
        ) },
        { title: t('contracts.lines.floor'), dataIndex: 'floorPriceMinor', align: 'right', width: 150, render: (minor: number | null) => (minor === null ? '—' : format.money(minor)) },
        { title: t('contracts.lines.amount'), dataIndex: 'amountMinor', align: 'right', width: 160, render: (minor: number) => format.money(minor) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={5} align="right"><Typography.Text strong>{t('contracts.lines.total')}</Typography.Text></Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right"><Typography.Text strong data-testid="contract-lines-total">{format.money(totalMinor)}</Typography.Text></Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}
