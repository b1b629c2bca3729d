/**
 * "My weekly report" on the phone (A6, A7): the week in progress or a recent published Friday, each open stage with
 * its colour and the rule behind it, and the rep's own follow-up and activity rates with how each is counted.
 * Loaded on demand (the inbox notification and Me link here), so the home stays light.
 */
import { useTranslation } from 'react-i18next';
import { Dialog, List, Selector, Tag } from 'antd-mobile';
import { colourTally, figureMetrics, type FigureDefinition, type FigureValue, type LocalisedText } from '@closeloop/core';
import { useFormat } from '../../lib/use-format';
import { EmptyState, ListSkeleton, LoadFailed } from '../phone/PageStates';
import { PhonePage } from '../phone/PhonePage';
import { colourStyle, ruleText } from './rule-text';
import { useMyReportPage } from './use-my-report';
import { liveWeek } from './week';

/** The phone offers the week in progress and the last few published weeks; the desk has them all. */
const weeksOffered = 3;

function FigureItem({ definition, value }: { definition: FigureDefinition; value: FigureValue }) {
  const { t, i18n } = useTranslation();
  const text = (localised: LocalisedText) => (i18n.language === 'en' ? localised.en : localised['zh-CN']);
  const slug = definition.metric === 'followUpRate' ? 'follow-up-rate' : 'activity-rate';
  const explain = () =>
    Dialog.alert({
      title: text(definition.title),
      confirmText: t('common.close'),
      content: (
        <div style={{ fontSize: 14, lineHeight: 1.6 }} data-testid={`figure-help-${slug}-content`}>
          {(['formula', 'numerator', 'denominator', 'sources', 'refresh'] as const).map((part) => (
            <p key={part} style={{ margin: '0 0 8px' }}><strong>{t(`leadHealth.help.${part}`)}</strong><br />{text(definition[part])}</p>
          ))}
        </div>
      ),
    });
  return (
    <List.Item
      data-testid={`figure-${slug}`}
      onClick={explain}
      extra={<span style={{ fontSize: 20, fontWeight: 600 }}>{value.value === null ? t('leadHealth.figures.none') : `${value.value}%`}</span>}
      description={`${t('leadHealth.figures.ofTotal', { numerator: value.numerator, denominator: value.denominator })} · ${t('leadHealth.help.open', { metric: text(definition.title) })}`}
    >
      {t(`leadHealth.figures.${definition.metric}`)}
    </List.Item>
  );
}

export default function PhoneMyReport() {
  const { t } = useTranslation();
  const format = useFormat();
  const { week, chooseWeek, mine, isRep, figures, own } = useMyReportPage();
  const report = mine.report;
  const offered = [...new Set([...mine.weeks.slice(0, weeksOffered), ...(week !== liveWeek ? [week] : [])])];

  return (
    <PhonePage
      title={t('leadHealth.mine.title')}
      backTo="/m/me"
      toolbar={
        <div className="pp-toolbar">
          <Selector
            columns={2}
            value={[week]}
            onChange={(value) => value[0] && chooseWeek(value[0])}
            options={[{ value: liveWeek, label: t('leadHealth.board.live', { week: mine.liveOf ? format.day(mine.liveOf) : '…' }) }, ...offered.map((w) => ({ value: w, label: t('leadHealth.board.published', { week: format.day(w) }) }))]}
            data-testid="health-week"
          />
        </div>
      }
    >
      {mine.isPending ? <ListSkeleton rows={5} />
        : mine.isError ? <LoadFailed error={mine.error} onRetry={mine.refetch} />
        : !report ? <EmptyState title={isRep ? t('leadHealth.board.noPublished') : t('leadHealth.mine.notARep')} />
        : (
          <List
            data-testid="health-grid"
            header={
              <div>
                <strong>{t('leadHealth.mine.tally', colourTally(report.stages))}</strong>
                {mine.asOf && <div className="pp-muted pp-small">{t(week === liveWeek ? 'leadHealth.board.asOf' : 'leadHealth.board.generatedAt', { time: format.dateTime(mine.asOf) })}</div>}
              </div>
            }
          >
            {report.stages.map((stage) => (
              <List.Item
                key={stage.stage}
                data-testid={`health-cell-${stage.stage}`}
                data-colour={stage.colour}
                extra={
                  <Tag style={{ '--background-color': colourStyle[stage.colour].background, '--border-color': colourStyle[stage.colour].border, '--text-color': colourStyle[stage.colour].color } as React.CSSProperties}>
                    {t(`leadHealth.colourName.${stage.colour}`)}
                  </Tag>
                }
                description={
                  <>
                    <div>{ruleText(t, stage)}</div>
                    {stage.leads > 0 && (
                      <div className="pp-small">
                        {stage.signals.map((s) => `${t(`leadHealth.signal.${s.signal}`, { days: stage.rule?.silentDays })}: ${s.count}`).join(' · ')}
                      </div>
                    )}
                  </>
                }
              >
                {t(`vocab.stage.${stage.stage}`)} · {t('leadHealth.mine.leads', { count: stage.leads })}
              </List.Item>
            ))}
          </List>
        )}
      {isRep && own && figures.data && (
        <List header={t('leadHealth.mine.figures')}>
          {figureMetrics.map((metric) => (
            <FigureItem key={metric} definition={figures.data.definitions.find((d) => d.metric === metric)!} value={own[metric]} />
          ))}
        </List>
      )}
      {mine.thresholds && (
        <p className="pp-note">{t('leadHealth.thresholds', { amber: mine.thresholds.amberPercent, red: mine.thresholds.redPercent, days: mine.thresholds.silentDays })}</p>
      )}
    </PhonePage>
  );
}
