/**
 * The two steward figures (A7) on the board: a headline for the caller's whole reach (the company, or the teams they
 * lead) and a table per company, team or rep, each figure with its "how is this counted". Counted live by the server.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, Col, Flex, Row, Segmented, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { figureMetrics, figureValue, type FigureDefinition, type FigureLevel, type FigureMetric, type FigureValue, type StewardFigures } from '@closeloop/core';
import { useSignedIn } from '../../../api/session';
import { LoadError } from '../../../lib/page-states';
import { useFormat } from '../../../lib/use-format';
import { useStewardFigures } from '../api/lead-health';
import { FigureHelp } from './FigureHelp';

type Row = StewardFigures['rows'][number];
const testIds: Record<FigureMetric, string> = { followUpRate: 'figure-follow-up-rate', activityRate: 'figure-activity-rate' };

/** The top teams of the rows (those whose parent is not among them) added up: the manager's whole reach, counted once. */
function reachOf(rows: readonly Row[]): Record<FigureMetric, FigureValue> | null {
  if (rows.length === 0) return null;
  const ids = new Set(rows.map((r) => r.id));
  const tops = rows.filter((r) => r.kind !== 'team' || !r.teamId || !ids.has(r.teamId));
  const sum = (metric: FigureMetric) => figureValue(tops.reduce((n, r) => n + r[metric].numerator, 0), tops.reduce((d, r) => d + r[metric].denominator, 0));
  return { followUpRate: sum('followUpRate'), activityRate: sum('activityRate') };
}

function Percent({ value }: { value: FigureValue }) {
  const { t } = useTranslation();
  return (
    <span>
      {value.value === null ? t('leadHealth.figures.none') : `${value.value}%`}{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('leadHealth.figures.ofTotal', { numerator: value.numerator, denominator: value.denominator })}</Typography.Text>
    </span>
  );
}

export function FigureCard({ definition, value, note }: { definition: FigureDefinition; value: FigureValue; note: string }) {
  const { t } = useTranslation();
  return (
    <Card data-testid={testIds[definition.metric]} styles={{ body: { padding: '16px 20px' } }} style={{ height: '100%' }}>
      <Statistic
        title={<Flex justify="space-between" align="center">{t(`leadHealth.figures.${definition.metric}`)}<FigureHelp definition={definition} value={value} /></Flex>}
        value={value.value === null ? t('leadHealth.figures.none') : value.value}
        suffix={value.value === null ? undefined : '%'}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('leadHealth.figures.ofTotal', { numerator: value.numerator, denominator: value.denominator })} · {note}
      </Typography.Text>
    </Card>
  );
}

export function FiguresPanel({ teamId }: { teamId?: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSignedIn();
  const company = user.dataScope === 'all' && !teamId;
  const levels: FigureLevel[] = company ? ['company', 'team', 'rep'] : ['team', 'rep'];
  const [chosen, setLevel] = useState<FigureLevel>('team');
  const level = levels.includes(chosen) ? chosen : 'team';
  const headline = useStewardFigures(company ? 'company' : 'team', teamId);
  const detail = useStewardFigures(level, teamId);
  const definitions = headline.data?.definitions ?? detail.data?.definitions;
  const reach = headline.data ? (company ? headline.data.rows[0] ?? null : reachOf(headline.data.rows)) : null;

  const columns = useMemo<TableColumnsType<Row>>(() => [
    { key: 'name', title: t('leadHealth.figures.name'), dataIndex: 'name' },
    ...figureMetrics.map((metric) => {
      const definition = definitions?.find((d) => d.metric === metric);
      return {
        key: metric,
        title: <Flex align="center" gap={4}>{t(`leadHealth.figures.${metric}`)}{definition && <FigureHelp definition={definition} />}</Flex>,
        render: (_: unknown, row: Row) => <Percent value={row[metric]} />,
        sorter: (a: Row, b: Row) => (a[metric].value ?? -1) - (b[metric].value ?? -1),
      };
    }),
  ], [definitions, t]);

  if (headline.isError) return <LoadError error={headline.error} onRetry={() => void headline.refetch()} />;
  return (
    <Flex vertical gap={16} data-testid="health-figures">
      <Row gutter={[16, 16]}>
        {definitions && reach && figureMetrics.map((metric) => (
          <Col key={metric} xs={24} md={12}>
            <FigureCard
              definition={definitions.find((d) => d.metric === metric)!}
              value={reach[metric]}
              note={t('leadHealth.figures.headlineNote', { scope: t(company ? 'leadHealth.figures.scopeCompany' : 'leadHealth.figures.scopeTeams') })}
            />
          </Col>
        ))}
      </Row>
      <Card
        title={t('leadHealth.figures.title')}
        extra={
          <Flex align="center" gap={12}>
            {detail.data && <Typography.Text type="secondary" data-testid="figures-as-of">{t('leadHealth.board.asOf', { time: format.dateTime(detail.data.asOf) })}</Typography.Text>}
            <Segmented<FigureLevel> value={level} onChange={setLevel} options={levels.map((l) => ({ value: l, label: t(`leadHealth.figures.level.${l}`) }))} data-testid="figures-level" />
          </Flex>
        }
        styles={{ body: { paddingTop: 8 } }}
      >
        {detail.isError ? (
          <LoadError error={detail.error} onRetry={() => void detail.refetch()} />
        ) : (
          <Table<Row>
            rowKey="id" size="small" columns={columns} dataSource={detail.data?.rows ?? []} loading={detail.isPending}
            pagination={(detail.data?.rows.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: t('leadHealth.figures.empty') }} data-testid="figures-table"
          />
        )}
      </Card>
    </Flex>
  );
}
