// The one path by which a ticket changes: load, check role and status and version, apply the change and
// its event in one transaction. Of two actions on the same version exactly one updates the row; the other
// finds the version moved on and gets 409, and its transaction leaves nothing behind.
import type { Knex } from 'knex';
import type { Db } from '../../lib/db.ts';
import { onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import type { Actor } from '../users/actor.ts';
import { nextEscalationOf } from './escalation-schedule.ts';
import { deadlineUnconfirmed, touchesDeadlines } from '../calendar/unconfirmed-deadlines.ts';
import { RULES, assertAllowed, assertTransition, type Action } from './ticket-state.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketRow } from './ticket.types.ts';

export interface Change {
  patch: Partial<TicketRow>;
  event: { action: string; data?: Record<string, unknown>; note?: string | null; public?: boolean };
}

export interface MutationContext {
  trx: Knex.Transaction;
  ticket: TicketRow;
  now: Date;
  nowDb: string;
}

export async function loadTicket(db: Db | Knex.Transaction, id: number): Promise<TicketRow> {
  const t = await repo.find(db, id);
  if (!t) throw errors.notFound('工单');
  return t;
}

/** Audits a refused attempt outside the (rolled back) transaction, then lets the refusal through. */
export async function auditForbidden<T>(db: Db, actor: Actor, action: string, ticketId: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status === 403) {
      await auditRepository.record(db, actor, 'forbidden', { type: 'ticket', id: ticketId },
        { attempted: action, reason: err.message }, toDbTime(clock.now()));
      err.audited = true;
    }
    throw err;
  }
}

export async function mutateTicket(
  db: Db,
  actor: Actor,
  ticketId: number,
  version: number | null,
  action: Action,
  apply: (ctx: MutationContext) => Promise<Change>,
): Promise<TicketRow> {
  return auditForbidden(db, actor, action, ticketId, () =>
    withTransaction(db, async (trx) => {
      const ticket = await loadTicket(trx, ticketId);
      // A stale version is a conflict for anyone whose role may take the action: a department that lost the order
      // meanwhile (a recall, a return) hears that it changed, not that it was forbidden (and is not audited as such).
      if (version !== null && ticket.version !== version && (actor.role === 'system' || RULES[action].roles.includes(actor.role))) {
        throw errors.versionConflict();
      }
      assertAllowed(action, ticket, actor);
      if (version !== null && ticket.version !== version) throw errors.versionConflict();
      assertTransition(action, ticket.status);
      const now = clock.now();
      const nowDb = toDbTime(now);
      // Claim the version first: the row lock is taken before any child row is written, so two racing
      // actions queue on the ticket instead of deadlocking on foreign-key locks.
      if (!(await repo.updateVersioned(trx, ticket.id, ticket.version, { updated_at: nowDb }))) throw errors.versionConflict();
      const change = await apply({ trx, ticket, now, nowDb });
      const patch: Partial<TicketRow> = { ...change.patch, updated_at: nowDb };
      // Back in the dispatch queue (an approved return, a recall): its wait there starts again now.
      if (patch.status === 'received' && ticket.status !== 'received') patch.queued_at = nowDb;
      // Deadlines computed on days of a year with no official schedule are marked, to be recomputed once an
      // administrator enters that year (server/domain/calendar/deadline-recompute.ts).
      if (touchesDeadlines(patch)) patch.deadline_unconfirmed = await deadlineUnconfirmed(db, { ...ticket, ...patch }, now);
      // Every change may move a deadline, end one or stop its clock: the next escalation moment follows here,
      // in the one place every change passes through (escalation-schedule.ts).
      patch.next_escalation_at = await nextEscalationOf(db, trx, { ...ticket, ...patch });
      await repo.update(trx, ticket.id, patch);
      await repo.insertEvent(trx, {
        ticket_id: ticket.id,
        action: change.event.action,
        actor_id: actor.id,
        actor_role: actor.role,
        from_status: ticket.status,
        to_status: patch.status ?? ticket.status,
        data: { ...diff(ticket, patch), ...(change.event.data ?? {}) },
        note: change.event.note,
        public: change.event.public,
        created_at: nowDb,
      });
      // This transaction holds the row since its version claim: the row is what was read with the patch on it.
      const after: TicketRow = { ...ticket, ...patch, version: ticket.version + 1 };
      onCommit(trx, () => bus.publish({
        type: 'ticket.changed', action: change.event.action, ticket_id: after.id, status: after.status, department_id: after.department_id,
        // The department that held it before (a return or a recall takes it away: that inbox must hear of it too).
        previous_department_id: ticket.department_id,
      }));
      return after;
    }),
  );
}

/** Before and after of the fields a change touched (the event's audit record). */
export function diff(before: TicketRow, patch: Partial<TicketRow>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'updated_at' || k === 'version' || k === 'next_escalation_at' || k === 'queued_at' || k === 'deadline_unconfirmed') continue;
    const old = (before as unknown as Record<string, unknown>)[k];
    if (old !== v) {
      b[k] = old;
      a[k] = v;
    }
  }
  return { before: b, after: a };
}
