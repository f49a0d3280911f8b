// The body an upstream platform posts (docs/integration.md "Orders from an upstream"), checked at the edge: every
// problem with its field path, nothing stored. Unknown fields are refused like everywhere else in the API.
import { z } from 'zod';
import { phoneField } from '../../lib/phone.ts';
import { TYPES } from '../tickets/ticket.types.ts';

const text = (max: number) => z.string().trim().min(1, 'field.notEmpty').max(max);
const optional = (max: number) => z.string().trim().max(max).nullable().optional();
const time = z.iso.datetime({ offset: true, message: 'field.dateTime' }).transform((s) => new Date(s));

export const upstreamOrderSchema = z
  .strictObject({
    // The order's id over there: with the upstream, the key its resends are recognised by.
    upstream_id: text(128),
    received_at: time,
    // Rectification orders are the review side's own, never sent down.
    type: z.enum(TYPES).exclude(['rectification']),
    title: text(200),
    description: text(5000),
    // 事项编码: names a category by its item code; an unknown one is kept and the order stays uncategorised.
    category_code: optional(64),
    address: optional(255),
    area_code: optional(32),
    caller_name: optional(100),
    caller_phone: phoneField().nullable().optional(),
    confidential: z.boolean().default(false),
    due_at: time.nullable().optional(),
  })
  .refine((o) => !o.due_at || o.due_at >= o.received_at, {
    path: ['due_at'],
    message: 'upstream.dueBeforeReceived',
  });
export type UpstreamOrder = z.infer<typeof upstreamOrderSchema>;
