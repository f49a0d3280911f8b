import { z } from 'zod';
import { APPEAL_STATUSES, CHANNELS } from './ratings.repository.ts';

const score = z.number().int('评分须为 1-5 的整数 / score is an integer from 1 to 5').min(1, '评分须为 1-5 / score is 1 to 5').max(5, '评分须为 1-5 / score is 1 to 5');
const reason = z.string().trim().max(500).optional();
const comment = z.string().trim().max(1000).optional();

/** 差评 (1-2) must say why (docs/rules/reviews.md). */
function badNeedsReason(v: { score: number; reason?: string }, ctx: z.RefinementCtx) {
  if (v.score <= 2 && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '差评须填写原因 / a bad rating needs a reason' });
}

export const deviceRatingSchema = z.strictObject({
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  score,
  reason,
  comment,
  rated_at: z.iso.datetime({ offset: true, message: '应为带时区的 ISO 8601 时间 / expected ISO 8601 with offset' }),
  staff_no: z.string().trim().min(1).max(32).optional(),
  ticket_number: z.string().trim().regex(/^\d{14}$/, '工单编号为 14 位数字 / a ticket number has 14 digits').optional(),
}).superRefine(badNeedsReason);
export type DeviceRating = z.infer<typeof deviceRatingSchema>;

export const publicRatingSchema = z.strictObject({
  token: z.string().min(1).max(100),
  score,
  reason,
  comment,
}).superRefine(badNeedsReason);
export type PublicRating = z.infer<typeof publicRatingSchema>;

export const appealSchema = z.strictObject({ reason: z.string().trim().min(1, '不能为空 / required').max(1000) });
/** A decision on an appeal needs its reason (`note`, or `reason` as the appeal itself names it): the department reads why. */
export const appealDecisionSchema = z.strictObject({
  uphold: z.boolean(),
  note: z.string().trim().max(1000).optional(),
  reason: z.string().trim().max(1000).optional(),
}).superRefine((v, ctx) => {
  if (!v.note && !v.reason) ctx.addIssue({ code: 'custom', path: ['note'], message: '请填写审核理由 / a reason is required' });
}).transform(({ uphold, note, reason }) => ({ uphold, note: (note || reason)! }));

/** A supervisor's decision on a held burst: the held ratings of one code or device and score, up to `until`. */
export const burstDecisionSchema = z.strictObject({
  kind: z.enum(['window', 'staff', 'device']),
  source_id: z.number().int().positive(),
  score,
  until: z.iso.datetime({ offset: true, message: '应为带时区的 ISO 8601 时间 / expected ISO 8601 with offset' }),
  confirm: z.boolean(),
  reason: z.string().trim().min(1, '请填写理由 / a reason is required').max(500),
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
