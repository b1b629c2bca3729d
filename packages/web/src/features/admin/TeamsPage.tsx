/**
 * Teams (H1) as a tree: a team's leader, with team scope, sees the records of the team and every team below it.
 * Select a team to see its people and sub-teams; drag it to move it; edit to rename, move, re-region or re-lead.
 */
import { useMemo, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Descriptions, Empty, Table, Tag, Typography } from 'antd';
import type { User } from '@closeloop/core';
import { usePeopleDirectory, useRegions, useTeams, type Team } from '../../api/directory';
import { pathOf } from '../../lib/tree';
import { HierarchyPage } from './components/HierarchyPage';
import { TeamForm } from './components/TeamForm';

export default function TeamsPage() {
  const { t } = useTranslation();
  const teams = useTeams();
  const people = usePeopleDirectory();
  const headcount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const person of people.data?.values() ?? []) if (person.teamId && person.status === 'active') counts.set(person.teamId, (counts.get(person.teamId) ?? 0) + 1);
    return counts;
  }, [people.data]);
  const nameOf = (id: string | null) => (id ? (people.data?.get(id)?.name ?? id) : null);

  return (
    <HierarchyPage<Team>
      kind="teams"
      testId="team"
      query={teams}
      moveBody={(team, parentId) => ({ parentId, version: team.version })}
      nodeExtra={(team) => {
        const leader = nameOf(team.leaderId);
        return [leader && t('admin.teams.ledBy', { name: leader }), t('admin.teams.headcount', { count: headcount.get(team.id) ?? 0 })].filter(Boolean).join(' · ');
      }}
      details={(team, children) => <TeamDetails team={team} teams={teams.data ?? []} subTeams={children} />}
      form={({ item, ...props }) => <TeamForm team={item} {...props} />}
    />
  );
}

function TeamDetails({ team, teams, subTeams }: { team: Team; teams: readonly Team[]; subTeams: ReactNode }) {
  const { t } = useTranslation();
  const regions = useRegions();
  const people = usePeopleDirectory();
  const members = useMemo(
    () => [...(people.data?.values() ?? [])].filter((person) => person.teamId === team.id).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [people.data, team.id],
  );
  const leader = team.leaderId ? (people.data?.get(team.leaderId)?.name ?? team.leaderId) : null;

  return (
    <>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'parent', label: t('admin.teams.parent'), children: team.parentId ? pathOf(teams, team.parentId) : t('admin.teams.topLevel') },
          { key: 'region', label: t('admin.teams.region'), children: team.regionId ? pathOf(regions.regions, team.regionId) || team.regionId : t('admin.teams.noRegion') },
          { key: 'leader', label: t('admin.teams.leader'), children: leader ?? <Typography.Text type="secondary">{t('admin.teams.noLeader')}</Typography.Text> },
          { key: 'children', label: t('admin.teams.children'), children: subTeams },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('admin.teams.members', { count: members.length })}</Typography.Title>
      <Table<User>
        size="small"
        rowKey="id"
        pagination={false}
        loading={people.isPending}
        dataSource={members}
        onRow={() => ({ 'data-testid': 'team-member' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.teams.noMembers')}><Link to="/admin/users">{t('admin.teams.assignPeople')}</Link></Empty> }}
        columns={[
          {
            key: 'name', title: t('admin.users.name'),
            render: (_, person) => (
              <>
                {person.name}
                {person.id === team.leaderId && <Tag color="blue" style={{ marginInlineStart: 8 }}>{t('admin.teams.leaderTag')}</Tag>}
                {person.status === 'disabled' && <Tag style={{ marginInlineStart: 8 }}>{t('admin.users.statuses.disabled')}</Tag>}
              </>
            ),
          },
          { key: 'role', title: t('admin.users.role'), render: (_, person) => t(`roles.${person.role}`) },
          { key: 'email', title: t('admin.users.email'), render: (_, person) => <Typography.Text type="secondary">{person.email}</Typography.Text> },
        ]}
      />
    </>
  );
}
