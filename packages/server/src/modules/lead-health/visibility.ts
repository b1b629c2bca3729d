/**
 * Whose lead health a caller may read (A6): a rep their own; a manager the reps of the teams they lead and every team
 * below them; ops and admins (scope all) everyone. Team boards need reports.read; without it (a rep, or an API
 * token narrowed to crm.read) a person reads only their own.
 */
import { AppError } from '@closeloop/core';
import { can, requirePermission, type AuthContext } from '../../platform/access/auth-context.js';

export type RepVisibility = { kind: 'all' } | { kind: 'teams'; teamIds: readonly string[]; userId: string } | { kind: 'self'; userId: string };

export function repVisibility(auth: AuthContext): RepVisibility {
  requirePermission(auth, 'crm.read');
  if (!can(auth, 'reports.read')) return { kind: 'self', userId: auth.userId };
  if (auth.dataScope === 'all') return { kind: 'all' };
  if (auth.dataScope === 'team') return { kind: 'teams', teamIds: auth.teamIds, userId: auth.userId };
  return { kind: 'self', userId: auth.userId };
}

/** The given team and every team below it, or NOT_FOUND when the caller may not look at that team. */
export function teamAndBelow(teamId: string, teams: ReadonlyArray<{ id: string; parentId: string | null }>, visible: RepVisibility): string[] {
  const children = new Map<string, string[]>();
  for (const t of teams) if (t.parentId) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t.id]);
  if (!teams.some((t) => t.id === teamId)) throw new AppError('NOT_FOUND', { entity: 'team' });
  const found: string[] = [];
  for (const stack = [teamId]; stack.length > 0; ) {
    const id = stack.pop()!;
    if (found.includes(id)) continue;
    found.push(id);
    stack.push(...(children.get(id) ?? []));
  }
  if (visible.kind === 'teams' && !found.every((id) => visible.teamIds.includes(id))) throw new AppError('NOT_FOUND', { entity: 'team' });
  return found;
}
