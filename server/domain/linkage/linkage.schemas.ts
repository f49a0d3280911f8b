// The shapes of linked orders (联动工单) at the edge: an operator's send, a partner's status post and incoming order,
// the list's filters (docs/integration.md "110/119/120/122 linkage").
import { z } from 'zod';
import { phoneField } from '../../lib/phone.ts';
import { LINKAGE_PARTNERS } from '../peers/peer.types.ts';
import { TYPES, URGENCIES } from '../tickets/ticket.types.ts';

const text = (max: number) => z.string().trim().min(1, 'field.notEmpty').max(max);
const dateTime = z.iso.datetime({ offset: true, message: 'field.dateTime' });
export const partnerField = z.enum(LINKAGE_PARTNERS, 'linkage.partnerValues');

/** What the partner may say of an order we sent (sent is ours, never theirs). */
export const OUT_STATUSES = ['sent', 'accepted', 'handled', 'declined'] as const;
/** An incoming order: accepted once its ticket is made (in the same transaction), then as its ticket goes. */
export const IN_STATUSES = ['accepted', 'replied', 'closed'] as const;
export type OutStatus = (typeof OUT_STATUSES)[number];

/** POST /tickets/:id/linkage */
export const sendLinkageSchema = z.strictObject({
  partner: partnerField,
  reason: z.string().trim().min(1, 'linkage.reasonRequired').max(1000),
});
export type SendLinkage = z.infer<typeof sendLinkageSchema>;

/** POST /linkage/orders/:ref/status (signed by the partner) */
export const linkageStatusSchema = z.strictObject({
  status: z.enum(['accepted', 'handled', 'declined'], 'linkage.statusValues'),
  note: z.string().trim().max(2000).optional(),
  at: dateTime,
});
export type LinkageStatus = z.infer<typeof linkageStatusSchema>;

/** POST /linkage/orders (signed by the partner): an order the partner hands to 12345. */
export const inboundLinkageSchema = z.strictObject({
  external_id: z.string().trim().min(1).max(128),
  received_at: dateTime,
  type: z.enum(TYPES).exclude(['rectification']).default('help'),
  title: text(200),
  description: text(5000),
  address: z.string().trim().max(255).nullable().optional(),
  caller_phone: phoneField().nullable().optional(),
  urgency: z.enum(URGENCIES).default('normal'),
});
export type InboundLinkage = z.infer<typeof inboundLinkageSchema>;

const queryId = z.coerce.number().int().positive();
export const listLinkageSchema = z.strictObject({
  direction: z.enum(['in', 'out']).optional(),
  partner: partnerField.optional(),
  status: z.enum([...new Set([...OUT_STATUSES, ...IN_STATUSES])] as [string, ...string[]]).optional(),
  page: queryId.default(1),
  per_page: z.coerce.number().int().positive().max(100).default(20),
});
export type ListLinkage = z.infer<typeof listLinkageSchema>;
