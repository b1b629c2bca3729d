/** What every merge (A1) checks before it moves anything: who survives, who is merged away, and that both may be. */
import { AppError } from '@closeloop/core';

export interface MergeParticipants<Row> {
  survivor: Row;
  /** Oldest first, so the earliest record's values fill the survivor's gaps. */
  sources: Row[];
  sourceIds: string[];
}

export async function mergeParticipants<Row extends { id: string; status: string; created_at: string }>(
  entity: 'customer' | 'lead',
  survivorId: string,
  requestedIds: readonly string[],
  load: { one(id: string): Promise<Row>; many(ids: string[]): Promise<Row[]> },
): Promise<MergeParticipants<Row>> {
  const unique = [...new Set(requestedIds)].filter((id) => id !== survivorId);
  if (unique.length === 0) throw new AppError('VALIDATION_FAILED', {}, { 'body.sourceIds': `name at least one other ${entity} to merge` });
  const survivor = await load.one(survivorId);
  const sources = (await load.many(unique)).sort((a, b) => a.created_at.localeCompare(b.created_at));
  if (sources.length !== unique.length) throw new AppError('NOT_FOUND', { entity });
  if (sources.some((s) => s.status !== 'active') || survivor.status !== 'active') {
    throw new AppError('CONFLICT', { detail: `Only active ${entity === 'lead' ? 'leads' : 'customers'} can be merged; restore archived ones first.` });
  }
  return { survivor, sources, sourceIds: sources.map((s) => s.id) };
}
