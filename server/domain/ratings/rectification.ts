// 差评整改: a bad review from a device, a QR code or the web becomes a work order for the rated department,
// written in the rating's own transaction and dispatched at once with the rectification deadlines. It says
// what was rated and why, never who rated: the resident's identity does not reach the department. Nor does
// the rated ticket's number: from that ticket a handler would read the caller's name and masked phone. The
// hotline keeps the link (the rating's ticket_id, the rated ticket's timeline).
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import { toDbTime } from '../../lib/db.ts';
import { localDate } from '../../lib/calendar.ts';
import { bilingual, nameOf, render, type MessageKey, type Params } from '../../i18n/index.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { endAsReturned } from '../tickets/assignment-end.ts';
import { computeDeadlines } from '../tickets/deadlines.ts';
import type { CurrentCalendar } from '../tickets/ticket-deps.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import { ticketsRepository as tickets } from '../tickets/tickets.repository.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import { OPEN, UNWORKED } from '../tickets/ticket.types.ts';
import { ratingsRepository as ratings } from './ratings.repository.ts';

/** The levels' names (the catalogue's `score.*`, in Chinese), by score. */
export const LEVELS: Record<number, string> = Object.fromEntries(
  [1, 2, 3, 4, 5].map((s) => [s, nameOf('score', s, 'zh')]),
);
/** The order's words, from the catalogue (server/i18n/mails.ts), in Chinese. */
const zh = (key: MessageKey, params?: Params) => render(key, params, 'zh');

export interface RectificationSource {
  rating_id: number;
  department_id: number;
  score: number;
  channel: string;
  reason: string | null;
  comment: string | null;
  rated_at: Date;
  window_name?: string | null;
  staff_name?: string | null;
}

function describe(src: RectificationSource): { title: string; description: string } {
  const where = [src.window_name, src.staff_name].filter(Boolean).join(' · ');
  const lines = [
    zh('rectification.channel', { channel: src.channel }),
    zh('rectification.level', { score: src.score }),
    zh('rectification.reason', { reason: src.reason ?? '—' }),
    src.comment ? zh('rectification.comment', { comment: src.comment }) : null,
    where ? zh('rectification.where', { where }) : null,
    zh('rectification.ratedAt', { at: src.rated_at.toISOString() }),
    zh('rectification.ask'),
  ];
  return {
    title: zh(where ? 'rectification.titleWhere' : 'rectification.title', { score: src.score, where }).slice(0, 200),
    description: lines.filter(Boolean).join('\n'),
  };
}

export async function createRectification(
  trx: Knex.Transaction,
  deps: { calendar: CurrentCalendar; config: Config; writer: TicketWriter },
  src: RectificationSource,
  now: Date,
): Promise<{ id: number; number: string; assignment_id: number }> {
  const nowDb = toDbTime(now);
  const d = computeDeadlines(await deps.calendar.current(), deps.config.rules, 'rectification', 'normal', now);
  const number = await tickets.nextNumber(trx, localDate(now).replace(/-/g, ''));
  const { title, description } = describe(src);
  const row: Omit<TicketRow, 'id'> = {
    number,
    channel: 'review',
    type: 'rectification',
    urgency: 'normal',
    title,
    description,
    category_id: null,
    address: null,
    caller_name: null,
    caller_phone: null,
    confidential: false,
    status: 'dispatched',
    department_id: src.department_id,
    assignment_id: null,
    sign_deadline_at: toDbTime(d.sign_deadline_at),
    sign_yellow_at: toDbTime(d.sign_yellow_at),
    due_at: toDbTime(d.due_at),
    due_yellow_at: toDbTime(d.due_yellow_at),
    signed_at: null,
    ...UNWORKED,
    created_by: null,
    call_id: null,
    created_at: nowDb,
    updated_at: nowDb,
  };
  // Created and dispatched by the ticket writer, which schedules its first escalation and marks deadlines reaching
  // into a year with no official schedule, like every change.
  const { id, assignment_id } = await deps.writer.createDispatched(trx, row, {
    now,
    assign: async (ticketId) => {
      const assignment = {
        ticket_id: ticketId,
        department_id: src.department_id,
        category_id: null,
        is_redo: false,
        dispatched_at: nowDb,
        sign_deadline_at: row.sign_deadline_at!,
        due_at: row.due_at!,
        created_at: nowDb,
      };
      const assignmentId = await tickets.insertAssignment(trx, assignment);
      await figuresRecorder.dispatched(trx, assignment);
      return assignmentId;
    },
    created: { channel: 'review', type: 'rectification', urgency: 'normal', title, rating_id: src.rating_id },
    dispatched: { rating_id: src.rating_id, after: { status: 'dispatched', department_id: src.department_id } },
  });
  return { id, number, assignment_id };
}

const WITHDRAWN_NOTE = bilingual('rectification.withdrawn');
/** A bad review voided by a supervisor as part of a burst (rating-flags.service.ts). */
export const BURST_WITHDRAWN_NOTE = bilingual('rectification.burstWithdrawn');

/**
 * An upheld appeal takes its bad review's rectification order away with it: an order still open closes, by the
 * system, and stops escalating. An assignment it still runs ends like an approved return (end_reason
 * 'returned', figures-recorder.returned): out of the department's received, counted once in its returns, and
 * so in step with the recount. A reply already given stands: that assignment was received and done. `t` is the
 * order as read for update (ratingsRepository.ticketForUpdate). False when it was no longer open.
 */
export async function withdrawRectification(
  trx: Knex.Transaction,
  writer: TicketWriter,
  t: TicketRow,
  why: { rating_id: number; appeal_id: number | null },
  nowDb: string,
  note: string = WITHDRAWN_NOTE,
): Promise<boolean> {
  if (!OPEN.includes(t.status)) return false;
  let ended = false;
  const a = t.assignment_id ? await ratings.assignmentForUpdate(trx, t.assignment_id) : null;
  if (a && a.ended_at === null) {
    await endAsReturned(trx, a, nowDb);
    ended = true;
  }
  await tickets.cancelPending(trx, t.id, ['return', 'extension', 'suspension'], nowDb);
  await writer.closeBySystem(
    trx,
    t,
    {
      action: 'rectification_withdrawn',
      note,
      data: { ...why, assignment_id: a?.id ?? null, assignment_ended: ended },
    },
    nowDb,
  );
  return true;
}
