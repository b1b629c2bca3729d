/**
 * The manager's lead-health board (A6, A7): each rep's open stages red/amber/green with the rule behind each colour,
 * for the week in progress (counted live) or a published Friday report, by team; the week as a spreadsheet; and
 * the follow-up and activity rates with how each is counted. Everything is read within the caller's reach.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Card, Flex, TreeSelect, Typography } from 'antd';
import { useTeams } from '../../api/directory';
import { useSignedIn } from '../../api/session';
import { LoadError } from '../../lib/page-states';
import { buildTree, subtreeOf } from '../../lib/tree';
import { useFormat } from '../../lib/use-format';
import { useLiveHealth, usePublishedReports } from './api/lead-health';
import { HealthDownload } from './components/HealthDownload';
import { FiguresPanel } from './components/FiguresPanel';
import { HealthGrid } from './components/HealthGrid';
import { WeekPicker } from './components/WeekPicker';
import { liveWeek } from './week';

/** The teams a person may filter by: every team for the whole-company scopes, else the ones they lead and below. */
function useVisibleTeams() {
  const { user } = useSignedIn();
  const teams = useTeams();
  return useMemo(() => {
    const all = teams.data ?? [];
    if (user.dataScope === 'all') return all;
    const roots = all.filter((team) => team.leaderId === user.id || team.id === user.teamId).map((team) => team.id);
    const reach = subtreeOf(all, ...roots);
    return all.filter((team) => reach.has(team.id));
  }, [teams.data, user]);
}

export default function HealthBoardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const week = params.get('week') ?? liveWeek;
  const teamId = params.get('team') ?? undefined;
  const filter = { teamId };
  const set = (key: string, value: string | undefined) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    }, { replace: true });

  const live = week === liveWeek;
  const published = usePublishedReports(live ? undefined : week, filter);
  const current = useLiveHealth(filter, live);
  const shown = live ? current : published;
  const teams = useVisibleTeams();
  const tree = useMemo(() => buildTree(teams.map((team) => ({ ...team }))), [teams]);
  const generatedAt = !live ? published.data?.items.find((r) => r.generatedAt)?.generatedAt : undefined;
  const thresholds = shown.data?.thresholds;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>{t('leadHealth.board.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('leadHealth.board.description', { timeZone: format.timeZone })}</Typography.Text>
        </div>
        <Flex gap={8} wrap>
          <WeekPicker value={week} liveOf={current.data?.week} weeks={published.data?.weeks ?? []} onChange={(w) => set('week', w === liveWeek ? undefined : w)} />
          <TreeSelect
            allowClear
            treeDefaultExpandAll
            style={{ minWidth: 200 }}
            placeholder={t('leadHealth.board.allTeams')}
            aria-label={t('leadHealth.board.team')}
            value={teamId}
            treeData={tree}
            onChange={(value?: string) => set('team', value)}
            data-testid="health-team"
          />
          <HealthDownload week={live ? undefined : week} filter={filter} />
        </Flex>
      </Flex>

      <FiguresPanel teamId={teamId} />

      <Card
        title={live ? t('leadHealth.board.live', { week: current.data ? format.day(current.data.week) : '…' }) : t('leadHealth.board.published', { week: format.day(week) })}
        extra={
          <Typography.Text type="secondary" data-testid="health-as-of">
            {live && current.data ? t('leadHealth.board.asOf', { time: format.dateTime(current.data.asOf) }) : generatedAt ? t('leadHealth.board.generatedAt', { time: format.dateTime(generatedAt) }) : ''}
          </Typography.Text>
        }
      >
        {shown.isError ? (
          <LoadError error={shown.error} onRetry={() => void shown.refetch()} />
        ) : (
          <Flex vertical gap={8}>
            {!live && published.data && published.data.weeks.length === 0 && <Alert type="info" showIcon message={t('leadHealth.board.noPublished')} />}
            <HealthGrid items={shown.data?.items ?? []} loading={shown.isPending} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('leadHealth.board.legend')}{' '}
              {thresholds && t('leadHealth.thresholds', { amber: thresholds.amberPercent, red: thresholds.redPercent, days: thresholds.silentDays })}
            </Typography.Text>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
