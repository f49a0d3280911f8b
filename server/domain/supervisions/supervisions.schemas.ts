import { z } from 'zod';

const day = z.iso.date('日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD');
const intParam = () => z.coerce.number().int().positive();

export const listSupervisionsSchema = z.strictObject({
  department_id: intParam().optional(),
  from: day.optional(),
  to: day.optional(),
  automatic: z.enum(['true', 'false'], { message: '应为 true 或 false / expected true or false' }).transform((v) => v === 'true').optional(),
  page: intParam().default(1),
  per_page: intParam().max(100).default(20),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: '结束日期不能早于开始日期 / to is before from' });

export type ListSupervisions = z.infer<typeof listSupervisionsSchema>;
