/** A link to a lead or customer by id, with its name read (and cached) on demand; a dash when it is out of sight. */
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Skeleton, Typography } from 'antd';
import { api } from '../../api/client';
import { recordKey } from './record-api';

export function RecordLink({ kind, id }: { kind: 'leads' | 'customers'; id: string | null | undefined }) {
  const record = useQuery({
    queryKey: recordKey(kind, id ?? undefined),
    queryFn: ({ signal }) => api<{ id: string; name: string }>(`/${kind}/${id}`, { signal }),
    enabled: !!id,
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (!id) return <Typography.Text type="secondary">—</Typography.Text>;
  if (record.isPending) return <Skeleton.Input active size="small" style={{ width: 80, minWidth: 80, height: 16 }} />;
  if (!record.data) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Link to={`/${kind}/${id}`} onClick={(event) => event.stopPropagation()}>
      {record.data.name}
    </Link>
  );
}
