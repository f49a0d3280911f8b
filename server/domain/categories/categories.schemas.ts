import { z } from 'zod';
import { itemCodeSchema } from './item-code.ts';

export const createCategorySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  department_id: z.number().int().positive(),
  /** 事项编码; null or '' clears it. */
  item_code: itemCodeSchema.optional(),
});
export type CreateCategory = z.infer<typeof createCategorySchema>;

export const updateCategorySchema = createCategorySchema.partial().extend({ active: z.boolean().optional() });
export type UpdateCategory = z.infer<typeof updateCategorySchema>;
