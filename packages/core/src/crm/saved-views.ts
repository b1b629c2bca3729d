/**
 * Saved views: a person keeps the filters and sort of a record list under a name and picks them again later.
 * A view holds the list's own query-string parameters (minus paging), so it is checked against the same schema the
 * list itself answers with: a view that saves cannot fail to load.
 */
import { z } from 'zod';
import { idSchema } from './contracts.js';
import { activityListQuery, contactListQuery, customerListQuery, leadListQuery } from './list-query.js';
import { addLocalisedIssue } from '../platform/localised-issue.js';

export const savedViewLists = ['leads', 'customers', 'contacts', 'activities'] as const;
export type SavedViewList = (typeof savedViewLists)[number];

/** How many views one person may keep per list: enough for real use, bounded so a script cannot grow it forever. */
export const savedViewsPerList = 50;

/** What a view of each list may hold: the list's query without `cursor` and `limit`. */
export const savedViewQueries = {
  leads: leadListQuery.omit({ cursor: true, limit: true }),
  customers: customerListQuery.omit({ cursor: true, limit: true }),
  contacts: contactListQuery.omit({ cursor: true, limit: true }),
  activities: activityListQuery.omit({ cursor: true, limit: true }),
} as const;

export const savedViewListQuery = z.strictObject({ list: z.enum(savedViewLists) });

const viewQuery = z
  .record(z.string().max(40), z.string().max(200))
  .meta({ description: 'The list\'s query-string parameters as text, e.g. {"stage":"qualified","sort":"lastActivityAt:asc"}' });

export const savedViewCreate = z
  .strictObject({
    list: z.enum(savedViewLists),
    name: z.string().trim().min(1).max(60),
    query: viewQuery,
  })
  .superRefine((view, ctx) => {
    const parsed = savedViewQueries[view.list].safeParse(view.query);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          addLocalisedIssue(ctx, { en: 'not a filter or sort of this list', 'zh-CN': '不是此列表的筛选或排序条件' }, ['query', key]);
        }
      } else {
        addLocalisedIssue(ctx, { en: 'not a value this filter accepts', 'zh-CN': '该筛选条件不接受此值' }, ['query', ...issue.path]);
      }
    }
  })
  .meta({ example: { list: 'leads', name: '本周待跟进', query: { stage: 'qualified', sort: 'lastActivityAt:asc' } } });
export type SavedViewCreate = z.infer<typeof savedViewCreate>;

export const savedView = z
  .object({
    id: idSchema,
    list: z.enum(savedViewLists),
    name: z.string(),
    query: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    example: {
      id: '01JD0000000000000000000020', list: 'leads', name: '本周待跟进', query: { stage: 'qualified', sort: 'lastActivityAt:asc' },
      createdAt: '2026-11-26T08:30:00.000Z', updatedAt: '2026-11-26T08:30:00.000Z',
    },
  });
export type SavedView = z.infer<typeof savedView>;
