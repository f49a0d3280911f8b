import { z } from 'zod';
import { SCOPES } from './tree-figures.ts';

const day = z.iso.date('field.date');
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'field.month');

export const periodQuery = z
  .strictObject({
    from: day,
    to: day,
    group: z.string().max(50).optional(),
    department_id: z.coerce.number().int().positive().optional(),
    /** own: each unit's own figures; tree: with its units below, each order once (docs/rules/figures.md). */
    scope: z.enum(SCOPES).optional(),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'field.toBeforeFrom' })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 366 * 86_400_000, {
    path: ['to'],
    message: 'field.atMostAYear',
  });

/** A month named in a path (/leaderboards/:month). */
export const monthParam = z.object({ month });
export const monthQuery = z.strictObject({
  month,
  group: z.string().max(50).optional(),
  scope: z.enum(SCOPES).optional(),
});

/** The assignments behind a count or rate, and (the last two) the ratings behind satisfaction and rectification. */
export const DRILLS = [
  'received',
  'signed_late',
  'unreplied',
  'replied_late',
  'returned',
  'redo',
  'not_contacted',
  'not_followed',
  'unsatisfied',
  'bad_unfixed',
] as const;
export const drillQuery = z.strictObject({
  from: day,
  to: day,
  figure: z.enum(DRILLS),
  page: z.coerce.number().int().positive().default(1),
  per_page: z.coerce.number().int().positive().max(200).default(50),
});
