/**
 * A rep's weekly lead-health report at the desk (A6): each open stage's colour and the rule behind it, for the week
 * in progress or a published Friday; and the rep's own follow-up and activity rates (A7). The inbox notification of a
 * new report links here (?week=).
 */
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Card, Col, Empty, Flex, List, Row, Tag, Typography } from 'antd';
import { colourTally, figureMetrics } from '@closeloop/core';
import { useSession } from '../../api/session';
import { Loading, LoadError } from '../../lib/page-states';
import { useFormat } from '../../lib/use-format';
import { FigureCard } from './components/FiguresPanel';
import { StageRule } from './components/StageRule';
import { WeekPicker } from './components/WeekPicker';
import { colourStyle } from './rule-text';
import { useMyReportPage } from './use-my-report';
import { liveWeek } from './week';

export default function MyReportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const { week, chooseWeek, mine, isRep, figures, own } = useMyReportPage();
  const report = mine.report;
  const tally = report ? colourTally(report.stages) : null;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('leadHealth.mine.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('leadHealth.mine.description')}</Typography.Text>
        </div>
        <WeekPicker value={week} liveOf={mine.liveOf} weeks={mine.weeks} onChange={chooseWeek} />
      </Flex>

      {mine.isPending ? <Loading rows={6} />
        : mine.isError ? <LoadError error={mine.error} onRetry={mine.refetch} />
        : !report ? (
          <Card>
            <Empty description={isRep ? t('leadHealth.board.noPublished') : t('leadHealth.mine.notARep')}>
              {!isRep && can('reports.read') && <Link to="/lead-health">{t('leadHealth.mine.openBoard')}</Link>}
            </Empty>
          </Card>
        ) : (
          <Card
            title={tally && t('leadHealth.mine.tally', tally)}
            extra={<Typography.Text type="secondary" data-testid="health-as-of">{mine.asOf && t(week === liveWeek ? 'leadHealth.board.asOf' : 'leadHealth.board.generatedAt', { time: format.dateTime(mine.asOf) })}</Typography.Text>}
          >
            <List
              data-testid="health-grid"
              dataSource={report.stages}
              renderItem={(stage) => (
                <List.Item key={stage.stage} data-testid={`health-cell-${stage.stage}`} data-colour={stage.colour}>
                  <Flex gap={16} align="flex-start" style={{ width: '100%' }}>
                    <div style={{ width: 140 }}>
                      <Typography.Text strong>{t(`vocab.stage.${stage.stage}`)}</Typography.Text>
                      <div><Typography.Text type="secondary">{t('leadHealth.mine.leads', { count: stage.leads })}</Typography.Text></div>
                    </div>
                    <Tag style={{ ...colourStyle[stage.colour], borderColor: colourStyle[stage.colour].border, minWidth: 56, textAlign: 'center' }}>
                      {t(`leadHealth.colourName.${stage.colour}`)}
                    </Tag>
                    <StageRule health={stage} />
                  </Flex>
                </List.Item>
              )}
            />
            {mine.thresholds && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('leadHealth.thresholds', { amber: mine.thresholds.amberPercent, red: mine.thresholds.redPercent, days: mine.thresholds.silentDays })}
              </Typography.Text>
            )}
          </Card>
        )}

      {isRep && own && figures.data && (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>{t('leadHealth.mine.figures')}</Typography.Title>
          <Row gutter={[16, 16]}>
            {figureMetrics.map((metric) => (
              <Col key={metric} xs={24} md={12}>
                <FigureCard definition={figures.data.definitions.find((d) => d.metric === metric)!} value={own[metric]} note={t('leadHealth.figures.headlineNote', { scope: t('leadHealth.figures.scopeMine') })} />
              </Col>
            ))}
          </Row>
        </>
      )}
    </Flex>
  );
}
