import { z } from 'zod';

const id = z.number().int().positive();

export const createDeviceSchema = z.strictObject({
  window_id: id,
  name: z.string().trim().min(1, 'field.notEmpty').max(100),
});
export type CreateDevice = z.infer<typeof createDeviceSchema>;

export const listDevicesSchema = z.strictObject({
  window_id: z.coerce.number().int().positive().optional(),
  department_id: z.coerce.number().int().positive().optional(),
});

/** Who serves at the device's window now: by staff id (administration) or by staff number (the device). */
export const onDutySchema = z.strictObject({ staff_id: id.nullable() });
export const deviceOnDutySchema = z.strictObject({ staff_no: z.string().trim().min(1).max(32).nullable() });
