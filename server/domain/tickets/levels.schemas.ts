// The input of passing down (转派) and of the steps on a level (docs/api.md "Passing down").
import { z } from 'zod';

const id = z.number().int().positive();
const version = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1, 'field.notEmpty').max(max);
const intParam = (max?: number) => {
  let s = z.coerce.number().int().positive();
  if (max) s = s.max(max);
  return s;
};

export const passDownSchema = z.strictObject({
  version,
  department_id: id,
  /** Working days from now; by default a working day before the holder's own due (rules.passDownWorkdaysBefore). */
  due_days: z.number().int().min(1).max(60).optional(),
  note: z.string().trim().max(1000).optional(),
});
export type PassDown = z.infer<typeof passDownSchema>;

export const levelReplySchema = z.strictObject({ version, reply: text(5000) });
export const levelApproveSchema = z.strictObject({ version, note: z.string().trim().max(1000).optional() });
/** A send-back or a take-back says why. */
export const levelReasonSchema = z.strictObject({ version, reason: text(1000) });

export const levelsQuerySchema = z.strictObject({
  view: z.enum(['todo', 'review']).default('todo'),
  page: intParam().default(1),
  per_page: intParam(100).default(20),
});
export type LevelsQuery = z.infer<typeof levelsQuerySchema>;
