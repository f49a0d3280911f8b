import { z } from 'zod';

const day = z.iso.date('field.date');
const intParam = () => z.coerce.number().int().positive();

export const listSupervisionsSchema = z
  .strictObject({
    department_id: intParam().optional(),
    from: day.optional(),
    to: day.optional(),
    automatic: z
      .enum(['true', 'false'], { message: 'field.trueOrFalse' })
      .transform((v) => v === 'true')
      .optional(),
    page: intParam().default(1),
    per_page: intParam().max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'field.toBeforeFrom' });

export type ListSupervisions = z.infer<typeof listSupervisionsSchema>;
