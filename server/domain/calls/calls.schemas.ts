import { z } from 'zod';
import { nextDate } from '../../lib/calendar.ts';
import { callerField, phoneField } from '../../lib/phone.ts';
import { LINKAGE_PARTNERS } from '../peers/peer.types.ts';

const id = z.number().int().positive();
const queryId = z.coerce.number().int().positive();
const page = { page: queryId.default(1), per_page: z.coerce.number().int().positive().max(100).default(20) };
const date = z.iso.date('field.date');

/**
 * A recording's reference goes into the telephone system's URL: letters, digits and `._-:/` only (no spaces, no
 * `%`, no query), starting with a letter or digit, and no `.` or `..` path segment, so that even a telephone system
 * that decodes the encoded `/` cannot be led to another path.
 */
export const recordingRef = z
  .string()
  // One problem said once: a reference failing a check is not checked further.
  .max(200, { message: 'calls.recordingRefInvalid', abort: true })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, { message: 'calls.recordingRefInvalid', abort: true })
  .refine((v) => !v.split('/').some((seg) => seg === '.' || seg === '..'), 'calls.recordingRefInvalid');

export const recordCallSchema = z
  .strictObject({
    // A withheld number (empty, null, "anonymous") is still an inbound call: stored without a number.
    caller_phone: callerField(),
    // Not before 1990 (before any 12345 hotline): year 0000 in +08:00 is a negative year in UTC, which no time column
    // holds (a 500 on MariaDB).
    started_at: z.iso
      .datetime({ offset: true, message: 'field.dateTime' })
      .refine((v) => Date.parse(v) >= Date.UTC(1990, 0, 1), 'calls.before1990'),
    answered: z.boolean(),
    // The telephone system always sends it; an operator logging a call themselves does not know it (null).
    wait_s: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .nullable()
      .optional()
      .transform((v) => v ?? null),
    talk_s: z.number().int().min(0).max(86_400),
    operator_id: id.nullable().optional(),
    external_id: z.string().trim().min(1).max(191).optional(),
    // The telephone system's name of the call's recording, played through RECORDING_URL (docs/rules/attachments.md).
    recording_ref: recordingRef.optional(),
    // 转接: the call ended as a transfer to 110, 119, 120 or 122 (docs/rules/figures.md "Calls").
    transferred_to: z.enum(LINKAGE_PARTNERS, 'linkage.partnerValues').nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.answered && v.talk_s > 0) {
      ctx.addIssue({ code: 'custom', path: ['talk_s'], message: 'calls.missedNoTalk' });
    }
    // Only a call someone answered can be put through to anyone.
    if (!v.answered && v.transferred_to) {
      ctx.addIssue({ code: 'custom', path: ['transferred_to'], message: 'linkage.transferNeedsAnswer' });
    }
  });
export type RecordCall = z.infer<typeof recordCallSchema>;

/** GET /calls/current: the call an operator is taking, to link the order they type to it. */
export const currentCallSchema = z.strictObject({
  phone: phoneField().optional(),
  since: z.iso.datetime({ offset: true, message: 'field.dateTime' }).optional(),
});
export type CurrentCall = z.infer<typeof currentCallSchema>;

export const listCallsSchema = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  operator_id: queryId.optional(),
  answered: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  phone: phoneField().optional(),
  ...page,
});
export type ListCalls = z.infer<typeof listCallsSchema>;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A period of whole local days, both ends included, at most a year and a day long. */
export const periodSchema = z.strictObject({ from: date, to: date }).superRefine((v, ctx) => {
  // zod still runs this when a date was refused (e.g. from=../): its own 400 says which, and nextDate of it throws.
  if (!ISO_DAY.test(String(v.from)) || !ISO_DAY.test(String(v.to))) return;
  if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'calls.toBeforeFrom' });
  else if (nextDate(v.from, 366) < v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'calls.atMost366Days' });
});
export type Period = z.infer<typeof periodSchema>;

export const createCtiKeySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const listCallbacksSchema = z.strictObject({ status: z.enum(['open', 'done']).default('open'), ...page });
export type ListCallbacks = z.infer<typeof listCallbacksSchema>;

export const callbackDoneSchema = z.strictObject({
  note: z.string().trim().min(1, 'callbacks.describeOutcome').max(1000),
  ticket_id: id.optional(),
});
export type CallbackDone = z.infer<typeof callbackDoneSchema>;

/** 回拨未接通: 无人接听, 空号 (the number does not exist or is wrong), 占线. */
export const CALLBACK_FAILURES = ['no_answer', 'wrong_number', 'busy'] as const;
export const callbackAttemptSchema = z.strictObject({
  reason: z.enum(CALLBACK_FAILURES, 'ticket.callbackFailureValues'),
  note: z.string().trim().max(1000).optional(),
});
export type CallbackAttempt = z.infer<typeof callbackAttemptSchema>;
