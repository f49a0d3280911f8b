// What the gateway and the administrators send about texts (docs/api.md "Texts (SMS)"), checked at the edge.
import { z } from 'zod';
import { mobileField } from '../../lib/phone.ts';

/** A delivery receipt from the gateway: message_id `sms-<outbox id>`; status as the gateway words it. */
export const receiptSchema = z.strictObject({
  message_id: z.string().regex(/^sms-\d{1,12}$/, 'sms.messageIdFormat'),
  status: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .transform((s) => s.toLowerCase()),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** A number that asked for no more texts (the resident's 退订 reply, passed on by the gateway). */
export const optOutSchema = z.strictObject({ phone: mobileField() });

export const phoneParam = z.strictObject({ phone: mobileField() });

export const templateParam = z.strictObject({ key: z.string().max(64) });

/** An administrator's wording; empty puts the default back. */
export const templateSchema = z.strictObject({ text: z.string().trim().max(500) });

export const SMS_STATUSES = ['pending', 'sending', 'sent', 'failed', 'suppressed'] as const;

export const messagesQuery = z.strictObject({
  status: z.enum(SMS_STATUSES).optional(),
  phone: mobileField().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
