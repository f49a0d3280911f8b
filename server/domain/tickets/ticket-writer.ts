// The one module by which tickets and their timelines are written: a creation, a change through the state machine
// (mutate), a system change of a row its caller holds, a timeline entry, and the escalation sweep's bookkeeping.
// Every insert or update of `tickets` and every insert of `ticket_events` runs here (through tickets.repository.ts),
// so the version, the escalation schedule, the unconfirmed-deadline mark and the bus message follow every change.
//
// mutate: load, check role and status and version, apply the change and its event in one transaction. Of two
// actions on the same version exactly one updates the row; the other finds the version moved on and gets 409, and
// its transaction leaves nothing behind.
import type { Knex } from 'knex';
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, isTransaction, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import type { Actor } from '../users/actor.ts';
import { can, type InUnit } from '../access/access.ts';
import { assertAllowed, assertTransition, type Action } from './ticket-state.ts';
import { ticketsRepository as repo, type EventInput } from './tickets.repository.ts';
import type { TicketRow } from './ticket.types.ts';
import { endCoLevelsWithOrder } from './co-handling.ts';
import { ticketFeed, type FedTicket } from '../peers/ticket-feed.ts';
import { PerTransaction } from '../../lib/per-transaction.ts';

export interface Change {
  patch: Partial<TicketRow>;
  event: { action: string; data?: Record<string, unknown>; note?: string | null; public?: boolean };
  /** The units of the levels the change touched (passed down, signed, reviewed...): their inboxes hear of it too. */
  units?: number[];
}

/**
 * The record whose unit the access policy checks for the action, when it is not the ticket's own department: a
 * level's unit (levels.service.ts), read in the action's transaction.
 */
export type UnitOf = (trx: Knex.Transaction, ticket: TicketRow) => Promise<InUnit>;

export interface MutationContext {
  trx: Knex.Transaction;
  ticket: TicketRow;
  now: Date;
  nowDb: string;
  /** The ticket was created in this very transaction (mutate's `created`): it has no requests, levels or steps. */
  fresh?: boolean;
}

/** What the schedule reads of a ticket; the open levels (down, co) it reads itself, by the ticket's id. */
export type ScheduledRow = Pick<
  TicketRow,
  | 'id'
  | 'status'
  | 'urgency'
  | 'department_id'
  | 'assignment_id'
  | 'signed_at'
  | 'sign_deadline_at'
  | 'sign_yellow_at'
  | 'due_at'
  | 'due_yellow_at'
>;

/** When a ticket escalates next, and whether its deadlines reach into an unscheduled year (escalation-schedule.ts). */
export interface TicketSchedule {
  /**
   * `created`: the ticket was inserted in this transaction (no step of it can have been recorded yet); `levels`
   * false: it has no open level either (a dispatch without co-units in its creating transaction).
   */
  nextEscalationOf(trx: Executor, row: ScheduledRow, created?: boolean, levels?: boolean): Promise<string | null>;
  deadlineUnconfirmed(row: ScheduledRow, now: Date): Promise<boolean>;
}

/** A ticket row to insert with the actor its create event names. */
export interface NewTicketRow {
  row: Omit<TicketRow, 'id'>;
  actor: { id: number | null; role: string };
  data: Record<string, unknown>;
}

const DEADLINE_FIELDS = ['sign_deadline_at', 'sign_yellow_at', 'due_at', 'due_yellow_at'] as const;

/** What settle computes from the schedule: the unconfirmed mark (when the deadlines moved) and the next escalation. */
interface Schedule {
  unconfirmed: boolean | undefined;
  next: string | null;
}

/** What a fresh row's schedule is computed from (ScheduledRow but its identity, unit and assignment). */
function scheduleKey(row: ScheduledRow, deadlinesMoved: boolean): string {
  const { assignment_id, status, urgency, signed_at, sign_deadline_at, sign_yellow_at, due_at, due_yellow_at } = row;
  const assigned = assignment_id !== null;
  return [deadlinesMoved, assigned, status, urgency, signed_at, sign_deadline_at, sign_yellow_at, due_at, due_yellow_at]
    .map(String)
    .join(' ');
}

/**
 * The create events of tickets created in a transaction and dispatched later in it by applyToCreated, by ticket: that
 * writes them with the dispatch events (create's `dispatchedAlike`).
 */
const pendingCreates = new PerTransaction<number, EventInput>();

/** Whether a change sets or clears any deadline (then the unconfirmed mark is computed afresh). */
const touchesDeadlines = (patch: Partial<TicketRow>) => DEADLINE_FIELDS.some((f) => f in patch);

export async function loadTicket(db: Db | Knex.Transaction, id: number): Promise<TicketRow> {
  const t = await repo.find(db, id);
  if (!t) throw errors.notFound('ticket');
  return t;
}

/** Audits a refused attempt outside the (rolled back) transaction, then lets the refusal through. */
export async function auditForbidden<T>(
  db: Db,
  actor: Actor,
  action: string,
  ticketId: number,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status === 403) {
      await auditRepository.record(
        db,
        actor,
        'forbidden',
        { type: 'ticket', id: ticketId },
        { attempted: action, reason: err.message },
        toDbTime(clock.now()),
      );
      err.audited = true;
    }
    throw err;
  }
}

const published = (after: TicketRow, action: string, previousDepartmentId: number | null, units: number[] = []) =>
  bus.publish({
    type: 'ticket.changed',
    action,
    ticket_id: after.id,
    status: after.status,
    department_id: after.department_id,
    // The department that held it before (a return or a recall takes it away: that inbox must hear of it too).
    previous_department_id: previousDepartmentId,
    // The units of the levels it touched (a street an order was passed down to): their inboxes too.
    level_department_ids: units,
  });

export class TicketWriter {
  constructor(
    private readonly db: Db,
    private readonly schedule: TicketSchedule,
  ) {}

  /**
   * A change through the state machine; `db` may be an open transaction (a create that dispatches at once), and
   * then `created` is the row that transaction just inserted: nobody else can see it before the commit, so it is
   * neither read back nor its version claimed (the update below moves the version on).
   */
  mutate(
    actor: Actor,
    ticketId: number,
    version: number | null,
    action: Action,
    apply: (ctx: MutationContext) => Promise<Change>,
    db: Db = this.db,
    unitOf?: UnitOf,
    created?: TicketRow,
  ): Promise<TicketRow> {
    return auditForbidden(db, actor, action, ticketId, () =>
      withTransaction(db, async (trx) => {
        const fresh = created !== undefined && created.id === ticketId && isTransaction(db);
        const ticket = fresh ? created : await loadTicket(trx, ticketId);
        // A stale version is a conflict for anyone whose role may take the action: a department that lost the order
        // meanwhile (a recall, a return) hears that it changed, not that it was forbidden (and is not audited as such).
        if (version !== null && ticket.version !== version && can(actor, `ticket.${action}`)) {
          throw errors.versionConflict();
        }
        assertAllowed(action, unitOf ? await unitOf(trx, ticket) : ticket, actor);
        if (version !== null && ticket.version !== version) throw errors.versionConflict();
        assertTransition(action, ticket.status);
        const now = clock.now();
        const nowDb = toDbTime(now);
        // Claim the version first: the row lock is taken before any child row is written, so two racing
        // actions queue on the ticket instead of deadlocking on foreign-key locks.
        if (!fresh && !(await repo.updateVersioned(trx, ticket.id, ticket.version, { updated_at: nowDb })))
          throw errors.versionConflict();
        const change = await apply({ trx, ticket, now, nowDb, fresh });
        // 会办: co-units still open when the order closes or is reopened as a new assignment end with it.
        const moved = 'assignment_id' in change.patch && change.patch.assignment_id !== ticket.assignment_id;
        if (ticket.assignment_id && (change.patch.status === 'closed' || moved))
          await endCoLevelsWithOrder(trx, ticket.assignment_id, nowDb);
        const patch = await this.settle(trx, ticket, change, now, fresh, true);
        await repo.update(trx, ticket.id, fresh ? { ...patch, version: ticket.version + 1 } : patch);
        await repo.insertEvent(trx, eventOf(actor, ticket, patch, change, nowDb));
        return this.changed(trx, ticket, patch, change, now);
      }),
    );
  }

  /**
   * One action on many tickets created in this very transaction (a creation batch's dispatches,
   * ticket-actions.service.ts): checked as mutate checks them, `apply` then answers each one's change in their order,
   * written with one update per alike group and one insert of the events. Rows nobody else can see yet need no read
   * and no version claim; `apply` gives them no open level (no co-units).
   */
  async applyToCreated(
    trx: Knex.Transaction,
    action: Action,
    items: Array<{ actor: Actor; ticket: TicketRow }>,
    apply: (ctx: { trx: Knex.Transaction; now: Date; nowDb: string }) => Promise<Change[]>,
  ): Promise<TicketRow[]> {
    if (items.length === 0) return [];
    for (const { actor, ticket } of items) {
      assertAllowed(action, ticket, actor);
      assertTransition(action, ticket.status);
    }
    const now = clock.now();
    const nowDb = toDbTime(now);
    const changes = await apply({ trx, now, nowDb });
    const patches: Array<Partial<TicketRow>> = [];
    const schedules = new Map<string, Promise<Schedule>>();
    for (const [i, { ticket }] of items.entries())
      patches.push(await this.settle(trx, ticket, changes[i], now, true, false, schedules));
    await repo.updateAlike(
      trx,
      items.map(({ ticket }, i) => ({ id: ticket.id, patch: { ...patches[i], version: ticket.version + 1 } })),
    );
    // Their create events first (create's `dispatchedAlike`), then the change's, in one insert.
    const later = pendingCreates.peek(trx);
    const creates = items.flatMap(({ ticket }) => later?.get(ticket.id) ?? []);
    for (const e of creates) later!.delete(e.ticket_id);
    await repo.insertEvents(trx, [
      ...creates,
      ...items.map(({ actor, ticket }, i) => eventOf(actor, ticket, patches[i], changes[i], nowDb)),
    ]);
    const out: TicketRow[] = [];
    for (const [i, { ticket }] of items.entries())
      out.push(await this.changed(trx, ticket, patches[i], changes[i], now));
    return out;
  }

  /** The whole patch of a change: its own fields, the queue time, the unconfirmed mark and the next escalation. */
  private async settle(
    trx: Knex.Transaction,
    ticket: TicketRow,
    change: Change,
    now: Date,
    fresh: boolean,
    levels: boolean,
    /** A batch's schedules of fresh rows without levels by what they come from (applyToCreated: one moment). */
    schedules?: Map<string, Promise<Schedule>>,
  ): Promise<Partial<TicketRow>> {
    const nowDb = toDbTime(now);
    const patch: Partial<TicketRow> = { ...change.patch, updated_at: nowDb };
    // Back in the dispatch queue (an approved return, a recall): its wait there starts again now.
    if (patch.status === 'received' && ticket.status !== 'received') patch.queued_at = nowDb;
    const row = { ...ticket, ...patch };
    const moved = touchesDeadlines(patch);
    const compute = async (): Promise<Schedule> => ({
      // Deadlines computed on days of a year with no official schedule are marked, to be recomputed once an
      // administrator enters that year (server/domain/calendar/deadline-recompute.ts).
      unconfirmed: moved ? await this.schedule.deadlineUnconfirmed(row, now) : undefined,
      // Every change may move a deadline, end one or stop its clock: the next escalation moment follows here. It
      // covers the ticket's open levels too (passed down, co-handling), read inside this transaction: a level's
      // action (pass down, sign, reply, approve, send back, take back) runs through mutate, so it moves it too.
      next: await this.schedule.nextEscalationOf(trx, row, fresh, levels),
    });
    // A fresh row with no level and no step recorded is scheduled by its status, urgency and deadlines alone: a
    // batch's orders with the same ones share the computation (calendar walks, a tenth of a batch's time).
    const key = schedules && fresh && !levels ? scheduleKey(row, moved) : undefined;
    let schedule = key === undefined ? undefined : schedules!.get(key);
    if (!schedule) {
      schedule = compute();
      if (key !== undefined) schedules!.set(key, schedule);
    }
    const { unconfirmed, next } = await schedule;
    if (unconfirmed !== undefined) patch.deadline_unconfirmed = unconfirmed;
    patch.next_escalation_at = next;
    return patch;
  }

  /** The row after a written change: its feed to an upstream, and the bus message once the transaction commits. */
  private async changed(
    trx: Knex.Transaction,
    ticket: TicketRow,
    patch: Partial<TicketRow>,
    change: Change,
    now: Date,
  ): Promise<TicketRow> {
    // This transaction holds the row since its version claim: the row is what was read with the patch on it.
    const after: TicketRow = { ...ticket, ...patch, version: ticket.version + 1 };
    // A ticket an upstream or a linkage partner sent hears of it (peers/ticket-feed.ts); the others cost nothing.
    if (after.peer_feed) {
      const { action, data, note } = change.event;
      const fed = { action, from_status: ticket.status, data, note, at: toDbTime(now) };
      await ticketFeed.changed(trx, after, fed, now);
    }
    onCommit(trx, () => published(after, change.event.action, ticket.department_id, change.units));
    return after;
  }

  /**
   * New tickets (status received) with their create events, in the caller's transaction; ids in the same order.
   * `dispatchedAlike[i]`: the caller dispatches that ticket through applyToCreated in this transaction, which writes
   * its create event with its dispatch event, in one insert (a statement fewer a batch; the create event first).
   */
  async create(trx: Knex.Transaction, items: NewTicketRow[], dispatchedAlike: boolean[] = []): Promise<number[]> {
    const ids = await repo.insertMany(
      trx,
      items.map((i) => i.row),
    );
    const events = items.map(({ row, actor, data }, i): EventInput => ({
      ticket_id: ids[i],
      action: 'create',
      actor_id: actor.id,
      actor_role: actor.role,
      from_status: null,
      to_status: 'received',
      public: true,
      created_at: row.created_at,
      data,
    }));
    const later = pendingCreates.of(trx);
    for (const [i, e] of events.entries()) if (dispatchedAlike[i]) later.set(e.ticket_id, e);
    const unheld = events.filter((_, i) => !dispatchedAlike[i]);
    if (unheld.length) await repo.insertEvents(trx, unheld);
    for (const id of ids) {
      onCommit(trx, () =>
        bus.publish({
          type: 'ticket.changed',
          action: 'create',
          ticket_id: id,
          status: 'received',
          department_id: null,
        }),
      );
    }
    return ids;
  }

  /** Fails the transaction if a create event held for applyToCreated was never written (a caller's mistake). */
  assertCreatesWritten(trx: Knex.Transaction): void {
    const left = pendingCreates.take(trx);
    if (left?.size) throw new Error(`create events of tickets ${[...left.keys()].join(', ')} never written`);
  }

  /**
   * A ticket created by the system already dispatched (a rectification order): its row with deadlines, the
   * assignment `assign` writes once the row has its id, the first escalation and the mark, and the create and
   * dispatch events of its timeline.
   */
  async createDispatched(
    trx: Knex.Transaction,
    row: Omit<TicketRow, 'id'>,
    opts: {
      assign: (ticketId: number) => Promise<number>;
      created: Record<string, unknown>;
      dispatched: Record<string, unknown>;
      now: Date;
    },
  ): Promise<{ id: number; assignment_id: number }> {
    const id = await repo.insert(trx, row);
    const assignmentId = await opts.assign(id);
    const scheduled = { ...row, id, assignment_id: assignmentId };
    await repo.update(trx, id, {
      assignment_id: assignmentId,
      next_escalation_at: await this.schedule.nextEscalationOf(trx, scheduled),
      deadline_unconfirmed: await this.schedule.deadlineUnconfirmed(scheduled, opts.now),
    });
    const system = { actor_id: null, actor_role: 'system', created_at: row.created_at, public: true };
    await repo.insertEvents(trx, [
      { ...system, ticket_id: id, action: 'create', from_status: null, to_status: 'received', data: opts.created },
      {
        ...system,
        ticket_id: id,
        action: 'dispatch',
        from_status: 'received',
        to_status: row.status,
        data: opts.dispatched,
      },
    ]);
    onCommit(trx, () => {
      bus.publish({ type: 'ticket.changed', action: 'create', ticket_id: id, status: 'received', department_id: null });
      bus.publish({
        type: 'ticket.changed',
        action: 'dispatch',
        ticket_id: id,
        status: row.status,
        department_id: row.department_id,
      });
    });
    return { id, assignment_id: assignmentId };
  }

  /**
   * Closes, by the system, a ticket its caller has read for update outside the state machine (a rectification
   * order whose review was voided): no escalation any more, the version moves on, the timeline says why.
   */
  async closeBySystem(
    trx: Knex.Transaction,
    t: TicketRow,
    event: { action: string; note: string; data: Record<string, unknown> },
    nowDb: string,
  ): Promise<void> {
    await repo.update(trx, t.id, {
      status: 'closed',
      closed_at: nowDb,
      next_escalation_at: null,
      version: t.version + 1,
      updated_at: nowDb,
    });
    await repo.insertEvent(trx, {
      ticket_id: t.id,
      action: event.action,
      actor_id: null,
      actor_role: 'system',
      from_status: t.status,
      to_status: 'closed',
      note: event.note,
      data: event.data,
      created_at: nowDb,
    });
    if (t.peer_feed) {
      const after = { ...t, status: 'closed' as const, version: t.version + 1 };
      await ticketFeed.changed(trx, after, { ...event, from_status: t.status, at: nowDb }, fromDbTime(nowDb)!);
    }
    onCommit(trx, () =>
      bus.publish({
        type: 'ticket.changed',
        action: event.action,
        ticket_id: t.id,
        status: 'closed',
        department_id: t.department_id,
      }),
    );
  }

  /**
   * Timeline entries of what happened elsewhere (a rating, an appeal, a card, an order merged in): the row stays.
   * `tickets`: the rows of the tickets noted, when the caller holds them (their peer_feed spares the feed a look-up).
   */
  async note(trx: Executor, events: EventInput[], tickets?: FedTicket[]): Promise<void> {
    if (events.length === 0) return;
    await repo.insertEvents(trx, events);
    await ticketFeed.noted(trx, events, tickets, clock.now());
  }

  /**
   * The sweep's claim: takes the ticket's row lock (MariaDB) or the write lock (SQLite) before anything is read,
   * so the rows read next are the latest committed ones; false when the ticket is no longer due.
   */
  claimDue(trx: Knex.Transaction, ticketId: number, nowDb: string): Promise<boolean> {
    return repo.claimDue(trx, ticketId, nowDb);
  }

  /** The next escalation moment once the sweep has issued the steps that were due. */
  async scheduleNext(trx: Knex.Transaction, ticketId: number, next: string | null): Promise<void> {
    await repo.update(trx, ticketId, { next_escalation_at: next });
  }

  /** The mark and the next escalation of a ticket whose deadlines did not move (nothing a person sees changed). */
  async settleMark(trx: Knex.Transaction, t: TicketRow, unconfirmed: boolean): Promise<void> {
    await repo.update(trx, t.id, {
      deadline_unconfirmed: unconfirmed,
      next_escalation_at: await this.schedule.nextEscalationOf(trx, t),
    });
  }
}

/** The timeline entry of a change (the actor's, with before and after of what it touched). */
const eventOf = (actor: Actor, ticket: TicketRow, patch: Partial<TicketRow>, change: Change, nowDb: string) => ({
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

/** Before and after of the fields a change touched (the event's audit record). */
export function diff(before: TicketRow, patch: Partial<TicketRow>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (
      k === 'updated_at' ||
      k === 'version' ||
      k === 'next_escalation_at' ||
      k === 'queued_at' ||
      k === 'deadline_unconfirmed'
    )
      continue;
    const old = (before as unknown as Record<string, unknown>)[k];
    if (old !== v) {
      b[k] = old;
      a[k] = v;
    }
  }
  return { before: b, after: a };
}
