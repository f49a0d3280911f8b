import { z } from 'zod';
import { itemCodeSchema } from '../categories/item-code.ts';

const id = z.number().int().positive();
const name = z.string().trim().min(1, 'field.notEmpty').max(100);
const idParam = z.coerce.number().int().positive();

// 事项编码 the window's ratings without an order are sent to the province under (null or '' clears it).
export const createWindowSchema = z.strictObject({ department_id: id, name, item_code: itemCodeSchema.optional() });
export type CreateWindow = z.infer<typeof createWindowSchema>;

export const updateWindowSchema = z.strictObject({
  name: name.optional(),
  active: z.boolean().optional(),
  item_code: itemCodeSchema.optional(),
});
export type UpdateWindow = z.infer<typeof updateWindowSchema>;

export const listWindowsSchema = z.strictObject({ department_id: idParam.optional() });

export const createStaffSchema = z.strictObject({
  department_id: id,
  window_id: id.nullable().optional(),
  staff_no: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'windows.staffNoFormat'),
  name,
});
export type CreateStaff = z.infer<typeof createStaffSchema>;

export const updateStaffSchema = z.strictObject({
  window_id: id.nullable().optional(),
  name: name.optional(),
  active: z.boolean().optional(),
});
export type UpdateStaff = z.infer<typeof updateStaffSchema>;

export const listStaffSchema = z.strictObject({ department_id: idParam.optional(), window_id: idParam.optional() });
