/**
 * Teams (H1) as a tree: a team's leader, with team scope, sees the records of the team and every team below it.
 * Select a team to see its people and sub-teams; drag it to move it; edit to rename, move, re-region or re-lead.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Row, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { errorText } from '../../lib/errors';
import { usePeopleDirectory, useRegions, useTeams, type Team } from './api/people';
import { pathOf } from './hooks/tree';
import { HierarchyTree } from './components/HierarchyTree';
import { LoadError, Loading } from './components/LoadState';
import { PageHeader } from './components/PageHeader';
import { TeamForm } from './components/TeamForm';

type Editing = { team: Team } | { parentId: string | null } | null;

export default function TeamsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const teams = useTeams();
  const regions = useRegions();
  const people = usePeopleDirectory();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);

  const items = useMemo(() => teams.data ?? [], [teams.data]);
  const selected = items.find((team) => team.id === selectedId) ?? items.find((team) => team.parentId === null) ?? null;
  const members = useMemo(
    () => [...(people.data?.values() ?? [])].filter((person) => selected && person.teamId === selected.id).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    [people.data, selected],
  );
  const headcount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const person of people.data?.values() ?? []) if (person.teamId && person.status === 'active') counts.set(person.teamId, (counts.get(person.teamId) ?? 0) + 1);
    return counts;
  }, [people.data]);
  const nameOf = (id: string | null) => (id ? (people.data?.get(id)?.name ?? id) : null);

  const move = useMutation({
    mutationFn: ({ team, parentId }: { team: Team; parentId: string | null }) =>
      api<Team>(`/teams/${team.id}`, { method: 'PATCH', body: { parentId, version: team.version } }),
    onSuccess: (team) => {
      void message.success(t('admin.teams.moved', { name: team.name }));
      void client.invalidateQueries({ queryKey: ['teams'] });
    },
    onError: (error) => {
      void message.error(errorText(error, t));
      void client.invalidateQueries({ queryKey: ['teams'] });
    },
  });
  const confirmMove = (team: Team, parentId: string | null) =>
    modal.confirm({
      title: t('admin.teams.moveTitle', { name: team.name }),
      content: parentId ? t('admin.teams.moveUnder', { parent: pathOf(items, parentId) }) : t('admin.teams.moveTop'),
      okText: t('admin.tree.move'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: () => move.mutateAsync({ team, parentId }).catch(() => undefined),
    });

  if (teams.isPending) return <Loading />;
  if (teams.isError) return <LoadError error={teams.error} onRetry={() => void teams.refetch()} />;

  const createButton = (testId: string) => (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId: null })} data-testid={testId}>{t('admin.teams.create')}</Button>
  );

  return (
    <>
      <PageHeader title={t('admin.teams.title')} description={t('admin.teams.description')} extra={createButton('create-button')} />
      {items.length === 0 ? (
        <Card>
          <Empty description={t('admin.teams.empty')} data-testid="empty-state">{createButton('empty-create')}</Empty>
        </Card>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card title={t('admin.teams.structure')} extra={<Typography.Text type="secondary">{t('admin.tree.dragHint')}</Typography.Text>}>
              <HierarchyTree
                items={items}
                selectedId={selected?.id ?? null}
                onSelect={setSelectedId}
                onMove={confirmMove}
                testId="team-tree"
                extra={(team) => {
                  const count = headcount.get(team.id) ?? 0;
                  const leader = nameOf(team.leaderId);
                  return [leader && t('admin.teams.ledBy', { name: leader }), t('admin.teams.headcount', { count })].filter(Boolean).join(' · ');
                }}
              />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {selected && (
              <Card
                title={selected.name}
                data-testid="team-detail"
                extra={
                  <Flex gap={8}>
                    <Button icon={<PlusOutlined />} onClick={() => setEditing({ parentId: selected.id })} data-testid="team-add-child">{t('admin.teams.addChild')}</Button>
                    <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing({ team: selected })} data-testid="team-edit">{t('common.edit')}</Button>
                  </Flex>
                }
              >
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    { key: 'parent', label: t('admin.teams.parent'), children: selected.parentId ? pathOf(items, selected.parentId) : t('admin.teams.topLevel') },
                    { key: 'region', label: t('admin.teams.region'), children: selected.regionId ? pathOf(regions.data ?? [], selected.regionId) || selected.regionId : t('admin.teams.noRegion') },
                    {
                      key: 'leader', label: t('admin.teams.leader'),
                      children: nameOf(selected.leaderId) ?? <Typography.Text type="secondary">{t('admin.teams.noLeader')}</Typography.Text>,
                    },
                    {
                      key: 'children', label: t('admin.teams.children'),
                      children: (
                        <Flex gap={4} wrap>
                          {items.filter((team) => team.parentId === selected.id).map((team) => (
                            <Tag key={team.id} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => setSelectedId(team.id)}>{team.name}</Tag>
                          ))}
                        </Flex>
                      ),
                    },
                  ]}
                />
                <Typography.Title level={5} style={{ marginTop: 16 }}>{t('admin.teams.members', { count: members.length })}</Typography.Title>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  loading={people.isPending}
                  dataSource={members}
                  onRow={() => ({ 'data-testid': 'team-member' }) as React.HTMLAttributes<HTMLElement>}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('admin.teams.noMembers')}><Link to="/admin/users">{t('admin.teams.assignPeople')}</Link></Empty> }}
                  columns={[
                    {
                      key: 'name', title: t('admin.users.name'),
                      render: (_, person) => (
                        <>
                          {person.name}
                          {person.id === selected.leaderId && <Tag color="blue" style={{ marginInlineStart: 8 }}>{t('admin.teams.leaderTag')}</Tag>}
                          {person.status === 'disabled' && <Tag style={{ marginInlineStart: 8 }}>{t('admin.users.statuses.disabled')}</Tag>}
                        </>
                      ),
                    },
                    { key: 'role', title: t('admin.users.role'), render: (_, person) => t(`roles.${person.role}`) },
                    { key: 'email', title: t('admin.users.email'), render: (_, person) => <Typography.Text type="secondary">{person.email}</Typography.Text> },
                  ]}
                />
              </Card>
            )}
          </Col>
        </Row>
      )}
      <TeamForm
        open={editing !== null}
        team={editing && 'team' in editing ? editing.team : undefined}
        parentId={editing && 'parentId' in editing ? editing.parentId : null}
        onClose={() => setEditing(null)}
        onSaved={(team) => {
          setEditing(null);
          setSelectedId(team.id);
          void message.success(t('common.saved'));
        }}
      />
    </>
  );
}
