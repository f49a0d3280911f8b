import { z } from 'zod';

export const createCategorySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  department_id: z.number().int().positive(),
});
export type CreateCategory = z.infer<typeof createCategorySchema>;

export const updateCategorySchema = createCategorySchema.partial().extend({ active: z.boolean().optional() });
export type UpdateCategory = z.infer<typeof updateCategorySchema>;
