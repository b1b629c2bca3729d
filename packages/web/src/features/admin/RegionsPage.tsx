/**
 * Regions (H1) as a tree, e.g. 大区 > city. Customers and leads sit in a region; a whitelist scope (E2) that names a
 * region reaches the regions below it too. Drag to move; edit to rename, re-code or move.
 */
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Descriptions, Flex, Tag, Typography } from 'antd';
import { usePeopleDirectory, useRegions, useTeams, type Region } from '../../api/directory';
import { pathOf, subtreeOf } from '../../lib/tree';
import { HierarchyPage } from './components/HierarchyPage';
import { RegionForm } from './components/RegionForm';

export default function RegionsPage() {
  const { t } = useTranslation();
  const regions = useRegions();
  return (
    <HierarchyPage<Region>
      kind="regions"
      testId="region"
      query={regions}
      moveBody={(_, parentId) => ({ parentId })}
      moveEffect={t('admin.regions.moveEffect')}
      nodeExtra={(region) => region.code}
      details={(region, children) => <RegionDetails region={region} regions={regions.data ?? []} subRegions={children} />}
      form={({ item, ...props }) => <RegionForm region={item} {...props} />}
    />
  );
}

const tags = (names: { id: string; name: string }[]) => (
  <Flex gap={4} wrap>{names.map((x) => <Tag key={x.id} style={{ marginInlineEnd: 0 }}>{x.name}</Tag>)}</Flex>
);

function RegionDetails({ region, regions, subRegions }: { region: Region; regions: readonly Region[]; subRegions: ReactNode }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const people = usePeopleDirectory();
  const reach = useMemo(() => subtreeOf(regions, region.id), [regions, region.id]);
  // Who can read this region's records through a whitelist: anyone whose whitelist names it or a region above it.
  const whitelisted = useMemo(() => {
    const above = new Set<string>();
    for (let id: string | null = region.id; id && !above.has(id); id = regions.find((r) => r.id === id)?.parentId ?? null) above.add(id);
    return [...(people.data?.values() ?? [])].filter((p) => p.status === 'active' && p.dataScope === 'whitelist' && p.whitelist.regionIds.some((id) => above.has(id)));
  }, [people.data, regions, region.id]);

  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        { key: 'code', label: t('admin.regions.code'), children: region.code ?? <Typography.Text type="secondary">—</Typography.Text> },
        { key: 'parent', label: t('admin.regions.parent'), children: region.parentId ? pathOf(regions, region.parentId) : t('admin.regions.topLevel') },
        { key: 'children', label: t('admin.regions.children'), children: subRegions },
        { key: 'teams', label: t('admin.regions.teams'), children: tags((teams.data ?? []).filter((team) => team.regionId && reach.has(team.regionId))) },
        {
          key: 'whitelisted', label: t('admin.regions.whitelisted'),
          children: whitelisted.length ? tags(whitelisted) : <Typography.Text type="secondary">{t('admin.regions.nobody')}</Typography.Text>,
        },
      ]}
    />
  );
}
