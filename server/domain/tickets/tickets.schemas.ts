import { z } from 'zod';
import { phoneField } from '../../lib/phone.ts';
import { CARDS, CHANNELS, STATUSES, TYPES, URGENCIES } from './ticket.types.ts';

const id = z.number().int().positive();
const version = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1, 'field.notEmpty').max(max);
// The national number in digits, like call records (lib/phone.ts), so one number always matches itself.
const phone = phoneField();

export const createTicketSchema = z.strictObject({
  channel: z.enum(CHANNELS),
  // Rectification orders are created by the review side, never by hand.
  type: z.enum(TYPES).exclude(['rectification']),
  urgency: z.enum(URGENCIES).default('normal'),
  title: text(200),
  description: text(5000),
  category_id: id.nullable().optional(),
  address: z.string().trim().max(255).nullable().optional(),
  caller_name: z.string().trim().max(100).nullable().optional(),
  caller_phone: phone.nullable().optional(),
  confidential: z.boolean().default(false),
  call_id: id.nullable().optional(),
  // One-screen intake: create and dispatch to this department in one transaction.
  department_id: id.optional(),
  // ...with co-units (会办, co-handling.ts), as POST /tickets/:id/dispatch takes them.
  co_department_ids: z
    .array(id)
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, 'coHandling.distinct')
    .optional(),
  co_due_days: z.number().int().min(1).max(60).optional(),
  // Location (docs/rules/intake.md): the territorial unit, else recognised from the address; a map point, both or none.
  area_unit_id: id.nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
});
export type CreateTicket = z.infer<typeof createTicketSchema>;

const intParam = (max?: number) => {
  let s = z.coerce.number().int().positive();
  if (max) s = s.max(max);
  return s;
};

export const listTicketsSchema = z.strictObject({
  status: z
    .union([
      z.enum(STATUSES),
      z
        .string()
        .regex(/^[a-z,]+$/)
        .transform((s) => s.split(',')),
    ])
    .optional()
    .refine(
      (v) => v === undefined || (Array.isArray(v) ? v : [v]).every((s) => (STATUSES as readonly string[]).includes(s)),
      'ticket.unknownStatus',
    ),
  department_id: intParam().optional(),
  category_id: intParam().optional(),
  type: z.enum(TYPES).optional(),
  /** Leave one type out (e.g. every rectification order; the console's 待回访 asks for awaiting_callback instead). */
  not_type: z.enum(TYPES).optional(),
  /** 待回访: orders the operators call back, i.e. every one but a rectification order of an anonymous bad review. */
  awaiting_callback: z
    .enum(['true', 'false'], { message: 'field.trueOrFalse' })
    .transform((v) => v === 'true')
    .optional(),
  card: z.enum(CARDS).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['created_at', '-created_at', 'due_at', '-due_at', 'updated_at', '-updated_at']).default('-created_at'),
  page: intParam().default(1),
  per_page: intParam(100).default(20),
});
export type ListTickets = z.infer<typeof listTicketsSchema>;

/** Open orders like the one being typed (并单): same phone, or the same place (of the category, once chosen). */
export const duplicatesSchema = z
  .strictObject({
    phone: phone.optional(),
    category_id: intParam().optional(),
    address: z.string().trim().min(1).max(255).optional(),
    exclude_id: intParam().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.phone && !v.address) {
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'ticket.phoneOrAddress' });
    }
  });
export type Duplicates = z.infer<typeof duplicatesSchema>;

export const versionOnly = z.strictObject({ version });
/** 先联系后办理 (ticket-contact.service.ts): one attempt to reach the resident; when, how, and whether it did. */
export const CONTACT_MEANS = ['phone', 'sms', 'visit', 'other'] as const;
export const CONTACT_OUTCOMES = ['reached', 'unreachable'] as const;
export const contactSchema = z.strictObject({
  version,
  // Not in the future, not before the dispatch: checked against the clock and the assignment (the service).
  contacted_at: z.iso.datetime({ offset: true, message: 'field.dateTime' }).optional(),
  means: z.enum(CONTACT_MEANS, 'ticket.contactMeans').default('phone'),
  outcome: z.enum(CONTACT_OUTCOMES, 'ticket.contactOutcome').default('reached'),
  note: z.string().trim().max(1000).optional(),
});
export type ContactInput = z.input<typeof contactSchema>;
export const dispatchSchema = z.strictObject({
  version,
  department_id: id,
  note: z.string().trim().max(1000).optional(),
  // 会办 (co-handling.ts): co-units, each once, and their reply deadline in working days (default: before the lead's).
  co_department_ids: z
    .array(id)
    .max(10)
    .refine((ids) => new Set(ids).size === ids.length, 'coHandling.distinct')
    .optional(),
  co_due_days: z.number().int().min(1).max(60).optional(),
});
/** 指定 (designation.service.ts): a supervisor names the unit of a disputed order, and why. */
export const designateSchema = z.strictObject({ version, department_id: id, note: text(1000) });
export const returnSchema = z.strictObject({ version, reason: text(1000) });
/**
 * `maxDays` is the configured limit (rules.maxExtensionWorkdays), checked with the rest so every problem is listed at
 * once.
 */
export const extensionSchema = (maxDays: number) =>
  z.strictObject({
    version,
    days: z.number().int().min(1).max(maxDays, 'ticket.extensionMaxDays'),
    reason: text(1000),
  });
export const suspendSchema = z.strictObject({ version, reason: text(1000) });
export const replySchema = z.strictObject({
  version,
  resolution: text(5000),
  // 会办: why the lead answers before every co-unit has replied (required then, co-handling.ts).
  co_pending_reason: z.string().trim().min(1, 'field.notEmpty').max(1000).optional(),
});
export const answerSchema = z.strictObject({ version, resolution: text(5000), article_id: id.optional() });
export const mergeSchema = z.strictObject({ version, into_ticket_id: id });
export const recallSchema = z.strictObject({ version, reason: z.string().trim().max(1000).optional() });
export const superviseSchema = z.strictObject({ version, note: text(1000) });
export const callbackSchema = z
  .strictObject({
    version,
    // Required unless the resident already rated this assignment, when it must be absent (ticket-callback.ts).
    score: z.number().int().min(1).max(5).optional(),
    reason: z.string().trim().max(500).optional(),
    note: z.string().trim().max(1000).optional(),
    // The callback's other two questions (docs/rules/reviews.md); optional for clients of the older {score} form.
    contacted: z.boolean().optional(),
    solved: z.enum(['yes', 'partly', 'no'], 'ticket.solvedValues').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.score !== undefined && v.score <= 2 && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'ratings.badNeedsReason' });
    }
  });
/** 回访未成功: 无人接听, 空号 (wrong or empty number), 占线. */
export const callbackFailedSchema = z.strictObject({
  version,
  reason: z.enum(['no_answer', 'wrong_number', 'busy'], 'ticket.callbackFailureValues'),
  note: z.string().trim().max(1000).optional(),
});
export const decisionSchema = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(1000).optional() });

export type Decision = z.infer<typeof decisionSchema>;
/** 不合理诉求: the kind is checked against the configured list (config unreasonable.kinds) in the same parse. */
export const unreasonableSchema = (kinds: readonly string[]) =>
  z.strictObject({
    version,
    kind: z.string().refine((k) => kinds.includes(k), 'unreasonable.kindValues'),
    reason: text(1000),
  });

/** The supervisor's queue of requests to decide (GET /requests): pending ones, oldest first, by default. */
export const listRequestsSchema = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).default('pending'),
  kind: z.enum(['return', 'extension', 'suspension', 'unreasonable']).optional(),
  page: intParam().default(1),
  per_page: intParam(100).default(20),
});
export type ListRequests = z.infer<typeof listRequestsSchema>;

/** The dispatch queue (GET /tickets/queue): orders waiting to be dispatched, the longest wait first. */
export const queueSchema = z.strictObject({
  page: intParam().default(1),
  per_page: intParam(100).default(20),
});
export type QueueQuery = z.infer<typeof queueSchema>;
