// The warnings' life at the edge (docs/api.md "Hot spots"): the list's filters and the three actions' bodies.
import { z } from 'zod';
import { SURGE_STATUSES } from './hotspot.types.ts';

const id = z.number().int().positive();
const version = z.number().int().positive();
const intParam = () => z.coerce.number().int().positive();

/** `active` (the default) is every warning not yet closed: what a supervisor still has to act on. */
export const SURGE_FILTERS = [...SURGE_STATUSES, 'active'] as const;
export type SurgeFilter = (typeof SURGE_FILTERS)[number];

export const listSurgeWarningsSchema = z.strictObject({
  status: z.enum(SURGE_FILTERS).default('active'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'field.month')
    .optional(),
  area_unit_id: intParam().optional(),
});
export type ListSurgeWarnings = z.infer<typeof listSurgeWarningsSchema>;

export const acknowledgeSchema = z.strictObject({ version });

export const assignSchema = z.strictObject({
  version,
  department_id: id,
  note: z.string().trim().max(1000).optional().default(''),
});
export type AssignInput = z.infer<typeof assignSchema>;

export const closeSchema = z.strictObject({
  version,
  resolution: z.string().trim().min(1, 'field.notEmpty').max(2000),
});
export type CloseInput = z.infer<typeof closeSchema>;
