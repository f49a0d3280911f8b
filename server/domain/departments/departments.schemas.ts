import { z } from 'zod';

const email = z.email().max(191);

export const createDepartmentSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  group: z.string().trim().min(1).max(50),
  email: email.optional(),
  head_email: email.optional(),
});
export type CreateDepartment = z.infer<typeof createDepartmentSchema>;

export const updateDepartmentSchema = createDepartmentSchema.partial().extend({ active: z.boolean().optional() });
export type UpdateDepartment = z.infer<typeof updateDepartmentSchema>;
