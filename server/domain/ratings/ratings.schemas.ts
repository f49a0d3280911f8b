import { z } from 'zod';
import { givenItemCodeSchema } from '../categories/item-code.ts';
import { APPEAL_STATUSES, CHANNELS } from './ratings.repository.ts';

const score = z.number().int('ratings.scoreInteger').min(1, 'ratings.scoreRange').max(5, 'ratings.scoreRange');
const reason = z.string().trim().max(500).optional();
const comment = z.string().trim().max(1000).optional();

/** 差评 (1-2) must say why (docs/rules/reviews.md). */
function badNeedsReason(v: { score: number; reason?: string }, ctx: z.RefinementCtx) {
  if (v.score <= 2 && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'ratings.badNeedsReason' });
}

export const deviceRatingSchema = z
  .strictObject({
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    score,
    reason,
    comment,
    rated_at: z.iso.datetime({ offset: true, message: 'field.dateTime' }),
    staff_no: z.string().trim().min(1).max(32).optional(),
    ticket_number: z
      .string()
      .trim()
      .regex(/^\d{14}$/, 'ticket.numberFormat')
      .optional(),
    /** 事项编码 of the service rated (ratings to the province); default: the window's. */
    item_code: givenItemCodeSchema.optional(),
  })
  .superRefine(badNeedsReason);
export type DeviceRating = z.infer<typeof deviceRatingSchema>;

export const publicRatingSchema = z
  .strictObject({
    token: z.string().min(1).max(100),
    score,
    reason,
    comment,
  })
  .superRefine(badNeedsReason);
export type PublicRating = z.infer<typeof publicRatingSchema>;

export const appealSchema = z.strictObject({ reason: z.string().trim().min(1, 'field.notEmpty').max(1000) });
/**
 * A decision on an appeal needs its reason (`note`, or `reason` as the appeal itself names it): the department reads
 * why.
 */
export const appealDecisionSchema = z
  .strictObject({
    uphold: z.boolean(),
    note: z.string().trim().max(1000).optional(),
    reason: z.string().trim().max(1000).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.note && !v.reason) ctx.addIssue({ code: 'custom', path: ['note'], message: 'ratings.decisionReason' });
  })
  .transform(({ uphold, note, reason }) => ({ uphold, note: (note || reason)! }));

/** A supervisor's decision on a held burst: the held ratings of one code or device and score, up to `until`. */
export const burstDecisionSchema = z.strictObject({
  kind: z.enum(['window', 'staff', 'device']),
  source_id: z.number().int().positive(),
  score,
  until: z.iso.datetime({ offset: true, message: 'field.dateTime' }),
  confirm: z.boolean(),
  reason: z.string().trim().min(1, 'ratings.reasonRequired').max(500),
});
export type BurstDecision = z.infer<typeof burstDecisionSchema>;

const idParam = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const listRatingsSchema = z.strictObject({
  department_id: idParam.optional(),
  window_id: idParam.optional(),
  staff_id: idParam.optional(),
  ticket_id: idParam.optional(),
  channel: z.enum(CHANNELS).optional(),
  bad: bool.optional(),
  voided: bool.optional(),
  flagged: bool.optional(),
  appeal_status: z.enum([...APPEAL_STATUSES, 'none']).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: idParam.default(1),
  per_page: idParam.max(100).default(20),
});
export type ListRatings = z.infer<typeof listRatingsSchema>;
