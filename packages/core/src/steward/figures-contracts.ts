/** The lead steward's figures over HTTP (A7, G3): values with their counts, and how each is counted. */
import { z } from 'zod';
import { figureDefinitions, figureLevels, figureMetrics } from './figures.js';

const text = z.object({ en: z.string(), 'zh-CN': z.string() });

const figureValueSchema = z.object({
  value: z.number().int().nullable().meta({ description: 'numerator / denominator as a whole percent, rounded half up; null when there is nothing to count' }),
  numerator: z.number().int(),
  denominator: z.number().int(),
});

export const figureDefinitionSchema = z.object({
  metric: z.enum(figureMetrics),
  title: text,
  formula: text,
  numerator: text,
  denominator: text,
  sources: text,
  refresh: text,
  windowDays: z.number().int(),
  graceHours: z.number().int().nullable(),
  refreshSeconds: z.number().int(),
});

const figureRow = z.object({
  kind: z.enum(figureLevels),
  id: z.string().meta({ description: 'The rep, team or organisation' }),
  name: z.string(),
  teamId: z.string().nullable().meta({ description: "A rep's team, a team's parent; null for the company" }),
  followUpRate: figureValueSchema,
  activityRate: figureValueSchema,
});

export const stewardFigures = z
  .object({
    level: z.enum(figureLevels),
    asOf: z.string().meta({ description: 'Counted live at this instant' }),
    definitions: z.array(figureDefinitionSchema).meta({ description: 'How each figure is counted: formula, numerator, denominator, sources, freshness' }),
    rows: z.array(figureRow),
  })
  .meta({
    example: {
      level: 'team',
      asOf: '2026-11-06T08:00:00.000Z',
      definitions: Object.values(figureDefinitions),
      rows: [{
        kind: 'team', id: '01JD0000000000000000000003', name: '华东一组', teamId: '01JD0000000000000000000002',
        followUpRate: { value: 89, numerator: 124, denominator: 139 }, activityRate: { value: 76, numerator: 190, denominator: 250 },
      }],
    },
  });
export type StewardFigures = z.infer<typeof stewardFigures>;

export const stewardFiguresQuery = z.strictObject({
  level: z.enum(figureLevels).default('rep').meta({ description: 'rep: each rep you can see; team: each team you lead or can see (with the teams below it); company: the whole company (ops and admins)' }),
  teamId: z.string().min(1).max(64).optional().meta({ description: 'Only this team and the teams below it' }),
});
