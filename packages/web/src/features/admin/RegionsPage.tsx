/**
 * Regions (H1) as a tree, e.g. 大区 > city. Customers and leads sit in a region; a whitelist scope (E2) that names a
 * region reaches the regions below it too. Drag to move; edit to rename, re-code or move.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Row, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import { errorText } from '../../lib/errors';
import { usePeopleDirectory, useRegions, useTeams, type Region } from './api/people';
import { pathOf, subtreeOf } from './hooks/tree';
import { HierarchyTree } from './components/HierarchyTree';
import { LoadError, Loading } from './components/LoadState';
import { PageHeader } from './components/PageHeader';
import { RegionForm } from './components/RegionForm';

type Editing = { region: Region } | { parentId: string | null } | null;

export default function RegionsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const regions = useRegions();
  const teams = useTeams();
  const people = usePeopleDirectory();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);

  const items = useMemo(() => regions.data ?? [], [regions.data]);
  const selected = items.find((region) => region.id === selectedId) ?? items.find((region) => region.parentId === null) ?? null;
  const reach = useMemo(() => (selected ? subtreeOf(items, selected.id) : new Set<string>()), [items, selected]);
  // Who can read this region's records through a whitelist: anyone whose whitelist names it or a region above it.
  const whitelisted = useMemo(() => {
    if (!selected) return [];
    const above = new Set<string>();
    for (let id: string | null = selected.id; id; id = items.find((r) => r.id === id)?.parentId ?? null) {
      if (above.has(id)) break;
      above.add(id);
    }
    return [...(people.data?.values() ?? [])].filter((p) => p.status === 'active' && p.dataScope === 'whitelist' && p.whitelist.regionIds.some((id) => above.has(id)));
  }, [people.data, items, selected]);

  const move = useMutation({
    mutationFn: ({ region, parentId }: { region: Region; parentId: string | null }) => api<Region>(`/regions/${region.id}`, { method: 'PATCH', body: { parentId } }),
    onSuccess: (region) => {
      void message.success(t('admin.regions.moved', { name: region.name }));
      void client.invalidateQueries({ queryKey: ['regions'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const confirmMove = (region: Region, parentId: string | null) =>
    modal.confirm({
      title: t('admin.regions.moveTitle', { name: region.name }),
      content: `${parentId ? t('admin.regions.moveUnder', { parent: pathOf(items, parentId) }) : t('admin.regions.moveTop')} ${t('admin.regions.moveEffect')}`,
      okText: t('admin.tree.move'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: () => move.mutateAsync({ region, parentId }).catch(() => undefined),
    });

  if (regions.isPending) return <Loading />;
  if (regions.isError) return <LoadError error={regions.error} onRetry={() => void regions.refetch()} />;

  const createButton = (testId: string) => (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentId: null })} data-testid={testId}>{t('admin.regions.create')}</Button>
  );

  return (
    <>
      <PageHeader title={t('admin.regions.title')} description={t('admin.regions.description')} extra={createButton('create-button')} />
      {items.length === 0 ? (
        <Card>
          <Empty description={t('admin.regions.empty')} data-testid="empty-state">{createButton('empty-create')}</Empty>
        </Card>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card title={t('admin.regions.structure')} extra={<Typography.Text type="secondary">{t('admin.tree.dragHint')}</Typography.Text>}>
              <HierarchyTree items={items} selectedId={selected?.id ?? null} onSelect={setSelectedId} onMove={confirmMove} testId="region-tree" extra={(region) => region.code} />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            {selected && (
              <Card
                title={selected.name}
                data-testid="region-detail"
                extra={
                  <Flex gap={8}>
                    <Button icon={<PlusOutlined />} onClick={() => setEditing({ parentId: selected.id })} data-testid="region-add-child">{t('admin.regions.addChild')}</Button>
                    <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing({ region: selected })} data-testid="region-edit">{t('common.edit')}</Button>
                  </Flex>
                }
              >
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    { key: 'code', label: t('admin.regions.code'), children: selected.code ?? <Typography.Text type="secondary">—</Typography.Text> },
                    { key: 'parent', label: t('admin.regions.parent'), children: selected.parentId ? pathOf(items, selected.parentId) : t('admin.regions.topLevel') },
                    {
                      key: 'children', label: t('admin.regions.children'),
                      children: (
                        <Flex gap={4} wrap>
                          {items.filter((r) => r.parentId === selected.id).map((r) => (
                            <Tag key={r.id} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => setSelectedId(r.id)}>{r.name}</Tag>
                          ))}
                        </Flex>
                      ),
                    },
                    {
                      key: 'teams', label: t('admin.regions.teams'),
                      children: <Flex gap={4} wrap>{(teams.data ?? []).filter((team) => team.regionId && reach.has(team.regionId)).map((team) => <Tag key={team.id} style={{ marginInlineEnd: 0 }}>{team.name}</Tag>)}</Flex>,
                    },
                    {
                      key: 'whitelisted', label: t('admin.regions.whitelisted'),
                      children: whitelisted.length ? <Flex gap={4} wrap>{whitelisted.map((p) => <Tag key={p.id} style={{ marginInlineEnd: 0 }}>{p.name}</Tag>)}</Flex> : <Typography.Text type="secondary">{t('admin.regions.nobody')}</Typography.Text>,
                    },
                  ]}
                />
              </Card>
            )}
          </Col>
        </Row>
      )}
      <RegionForm
        open={editing !== null}
        region={editing && 'region' in editing ? editing.region : undefined}
        parentId={editing && 'parentId' in editing ? editing.parentId : null}
        onClose={() => setEditing(null)}
        onSaved={(region) => {
          setEditing(null);
          setSelectedId(region.id);
          void message.success(t('common.saved'));
        }}
      />
    </>
  );
}
