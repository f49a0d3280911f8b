// 事项编码 (docs/rules/catalogue.md "Item codes"): the service item's code in the provincial catalogue, as the
// province writes it (letters, digits and '-', up to 64). One rule for categories, catalogue files, windows and
// device ratings.
import { z } from 'zod';

export const ITEM_CODE = /^[0-9A-Za-z-]{1,64}$/;

/** An item code; '' or null clears it (where clearing means something), stored as null. */
export const itemCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{0,64}$/, 'itemCode.format')
  .nullable()
  .transform((v) => v || null);

/** An item code that must be one (a device's post names one or leaves the field out). */
export const givenItemCodeSchema = z.string().trim().regex(ITEM_CODE, 'itemCode.format');
