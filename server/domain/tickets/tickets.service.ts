// Creating, finding and reading work orders.
import type { Knex } from 'knex';
import { contactAttempts } from './ticket-contact.service.ts';
import type { Executor } from '../../lib/db.ts';
import { GroupCommit } from '../../lib/group-commit.ts';
import { fromDbTime, isMysql, isTransaction, retryStatement, toDbTime, withTransaction } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { localDate } from '../../lib/calendar.ts';
import { detail, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { rollupsRepository } from '../figures/rollups.repository.ts';
import { categoriesRepository } from '../categories/categories.repository.ts';
import { can, requireAccess, scopeToUnits } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import type { TicketDeps } from './ticket-deps.ts';
import { auditForbidden, loadTicket } from './ticket-writer.ts';
import { iso } from '../../lib/time.ts';
import { callerView, eventsFor, eventView, ticketView, type TicketView } from './ticket-view.ts';
import { idempotencyOf, ticketsRepository as repo } from './tickets.repository.ts';
import type { CreateTicket, Duplicates, ListTickets } from './tickets.schemas.ts';
import { placeKey, samePlace } from './place.ts';
import { areaOf, areaView } from './ticket-area.ts';
import type { TicketRow } from './ticket.types.ts';
import { AT_HOTLINE, UNWORKED } from './ticket.types.ts';
import type { TicketActionsService } from './ticket-actions.service.ts';
import { allowedActions } from './allowed-actions.ts';
import { levelsRepository } from './levels.repository.ts';
import { hasActiveUnitBelow } from './levels.service.ts';
import { chainOf, levelActions, levelView, readingUnits, mayPassDown, openChildIn } from './level-view.ts';
import { assignmentCard } from './level-card.ts';
import { disputeRecord } from './designation.service.ts';
import { smsOutbox } from '../sms/sms-outbox.ts';
import { newQueryCode, residentTexts } from '../sms/resident-texts.ts';
import { callsBack } from '../ratings/rectification-callback.ts';
import { attachmentsOf } from '../attachments/attachments.service.ts';
import { linkageOf } from '../linkage/linkage-view.ts';
import { upstreamOrdersRepository } from '../upstream/upstream-orders.repository.ts';
import { ticketFeedsRepository } from '../peers/ticket-feeds.repository.ts';
import { flagRepeats, repeatsOf } from './repeat-demands.ts';

/** The calls a ticket is made from (calls/calls.repository.ts, passed in by services.ts). */
export interface TicketCalls {
  find(db: Executor, id: number): Promise<{ id: number; caller_phone: string | null } | null>;
  linkTicket(trx: Executor, callId: number, ticketId: number): Promise<void>;
}

export interface TicketsDeps extends TicketDeps {
  /** One-screen intake dispatches with the action service's own rules. */
  actions: Pick<TicketActionsService, 'dispatch' | 'dispatchCreated'>;
  calls: TicketCalls;
}

/** Thrown inside the create transaction when the Idempotency-Key is taken, to roll the new ticket back. */
class KeyTaken extends Error {}

/** A creation whose Idempotency-Key had been used: the ticket that used it. */
interface Replay {
  replayOf: number;
}

/** A ticket to create, checked and waiting for its group commit. */
interface NewTicket {
  actor: Actor;
  input: CreateTicket;
  key?: string;
  origin?: Record<string, unknown>;
  callId?: number;
  now: Date;
}

/** Creations written in one transaction at most (a ticket row binds some 30 values; SQLite allows 32,766). */
const MAX_BATCH = 200;
/**
 * Creation batches written at once on MariaDB. A batch spends most of its time waiting for the server's replies to
 * its statements one after another, so with one batch at a time the server sat idle between them; with 4 at once, 4
 * of the pool's 10 connections write while the others serve reads. The day's number is taken outside the batch's
 * transaction and its counter rows at its end (rollups.repository.ts), so batches wait on each other only briefly.
 * Measured at 50 connections (keyed intake): 1 lane 547/s, 2 lanes 604/s, 4 lanes 650/s, 6 lanes 365/s. SQLite has
 * one writer: one batch at a time.
 */
const MYSQL_LANES = 4;

export class TicketsService {
  // Creations that arrive together share one transaction: under load the per-transaction cost (BEGIN, the
  // sequence row, COMMIT, and knex's own) is paid once per batch instead of once per ticket.
  private readonly creations: GroupCommit<NewTicket, TicketRow | Replay>;

  /**
   * Categories known to exist: no statement deletes a category, so one found once is there for good, and an order's
   * category is checked without a read per order (nearly every order has one).
   */
  private readonly knownCategories = new Set<number>();

  private async categoryExists(db: Executor, id: number): Promise<boolean> {
    if (this.knownCategories.has(id)) return true;
    const found = (await categoriesRepository.find(db, id)) !== null;
    // Read inside a caller's transaction, it may be that transaction's own category, gone if it rolls back.
    if (found && !isTransaction(db)) this.knownCategories.add(id);
    return found;
  }

  constructor(private readonly deps: TicketsDeps) {
    const lanes = isMysql(deps.db) ? MYSQL_LANES : 1;
    this.creations = new GroupCommit((jobs) => this.writeTickets(jobs), MAX_BATCH, lanes);
  }

  /**
   * `origin` names where a ticket no operator typed came from (kept in its create event): with it, and only for
   * the web and upstream channels, the system creates too (Open311, an upstream's order). `db` may be the caller's
   * transaction.
   */
  async create(
    actor: Actor,
    input: CreateTicket,
    idempotencyKey?: string,
    origin?: Record<string, unknown>,
    db: Executor = this.deps.db,
  ): Promise<{ ticket: TicketView; replayed: boolean }> {
    // A 110/119/120/122 order handed over (linkage-inbound.ts) is a phone order the system writes.
    const bySystem =
      actor.role === 'system' &&
      (input.channel === 'web' || input.channel === 'upstream' || origin?.via === 'linkage') &&
      origin !== undefined;
    if (!bySystem) requireAccess(actor, 'ticket.create');
    // A key already used (a client's retry) answers its ticket: looked up here inside a caller's transaction, else
    // by the group commit for its whole batch at once (writeTickets).
    if (idempotencyKey && isTransaction(db)) {
      const existing = await repo.findIdempotencyKey(db, actor.id!, idempotencyKey);
      if (existing) return { ticket: await this.view(existing), replayed: true };
    }
    const [category, call] = await Promise.all([
      input.category_id ? this.categoryExists(db, input.category_id) : true,
      input.call_id ? this.deps.calls.find(db, input.call_id) : null,
    ]);
    const problems = [];
    if (!category) problems.push(detail('category_id', 'categories.noSuch'));
    if (input.call_id && !call) problems.push(detail('call_id', 'ticket.noSuchCall'));
    if ((input.lat == null) !== (input.lng == null)) {
      problems.push(detail(input.lat == null ? 'lat' : 'lng', 'ticket.pointBoth'));
    }
    if (problems.length) throw errors.validation(problems);
    // The area picked, or recognised from the address (ticket-area.ts): the unit tree is cached, no query per order.
    // Inside a caller's transaction (Open311, upstream, linkage), which writes no unit, the cached tree is used too.
    input = { ...input, area_unit_id: await areaOf(db, input.area_unit_id, input.address, this.deps.db) };
    // A ticket made from a call knows the caller's number without retyping it.
    if (call && !input.caller_phone) input = { ...input, caller_phone: call.caller_phone };
    const job: NewTicket = { actor, input, key: idempotencyKey, origin, callId: call?.id, now: clock.now() };
    try {
      // A caller's transaction keeps the ticket inside it; everyone else's joins the next group commit.
      const row = isTransaction(db) ? (await this.insertTickets(db, [job]))[0] : await this.creations.submit(job);
      if ('replayOf' in row) return { ticket: await this.view(row.replayOf), replayed: true };
      // The row just written is the ticket: no need to read it back.
      return { ticket: ticketView(row, clock.now(), 'masked'), replayed: false };
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
      // A concurrent retry with the same key committed first: answer its ticket.
      const existing = await repo.findIdempotencyKey(db, actor.id!, idempotencyKey!);
      return { ticket: await this.view(existing!), replayed: true };
    }
  }

  /**
   * Writes new tickets in one transaction (the group commit's batch). The day's sequence row is every creation's
   * hot spot: on MariaDB it is taken in a statement of its own, so its lock lasts that statement instead of the
   * whole transaction; a transaction that fails afterwards leaves a gap in the day's numbers, never a duplicate.
   */
  private async writeTickets(jobs: NewTicket[]): Promise<Array<TicketRow | Replay>> {
    const { db } = this.deps;
    // The batch's keys already used, in one read: those jobs answer their ticket and write nothing.
    const keyed = jobs.flatMap(({ actor, key }) => (key ? [{ user_id: actor.id!, key }] : []));
    const used = keyed.length ? await repo.usedIdempotencyKeys(db, keyed) : new Map<string, number>();
    const usedBy = (j: NewTicket) => (j.key ? used.get(idempotencyOf(j.actor.id!, j.key)) : undefined);
    const fresh = jobs.filter((j) => usedBy(j) === undefined);
    const numbers = isMysql(db) ? await this.numbersFor(db, fresh) : undefined;
    const rows = fresh.length ? await withTransaction(db, (trx) => this.insertTickets(trx, fresh, numbers)) : [];
    return jobs.map((j) => {
      const replayOf = usedBy(j);
      return replayOf === undefined ? rows[fresh.indexOf(j)] : { replayOf };
    });
  }

  /** Numbers for the jobs in their order, taken per local day (a batch may straddle midnight). */
  private async numbersFor(db: Executor, jobs: NewTicket[]): Promise<string[]> {
    const days = jobs.map((j) => localDate(j.now).replace(/-/g, ''));
    const byDay = new Map<string, string[]>();
    for (const day of new Set(days))
      byDay.set(day, await retryStatement(db, () => repo.nextNumbers(db, day, days.filter((d) => d === day).length)));
    return days.map((day) => byDay.get(day)!.shift()!);
  }

  private async insertTickets(trx: Knex.Transaction, jobs: NewTicket[], numbers?: string[]): Promise<TicketRow[]> {
    numbers ??= await this.numbersFor(trx, jobs);
    const rows = jobs.map((j, i) => this.newRow(j.input, numbers[i], j.actor, toDbTime(j.now)));
    // One-screen intake: those sent to one unit are dispatched together below, those with co-units (会办) one by one.
    const alone = (j: NewTicket) => Boolean(j.input.co_department_ids?.length);
    const together = [...jobs.keys()].filter((i) => jobs[i].input.department_id && !alone(jobs[i]));
    const alike = new Set(together);
    const ids = await this.deps.writer.create(
      trx,
      jobs.map(({ actor, input, origin }, i) => ({
        row: rows[i],
        actor,
        data: {
          channel: input.channel,
          type: input.type,
          urgency: input.urgency,
          title: input.title,
          ...(origin && { origin }),
        },
      })),
      jobs.map((_, i) => alike.has(i)),
    );
    // The acceptance text (number, query code) to each caller with a mobile, in this transaction: one insert each.
    const texts = rows.flatMap((r) => residentTexts.accepted(r, this.deps.config.publicUrl) ?? []);
    if (texts.length) await smsOutbox.enqueue(trx, texts, jobs[0].now);
    // 重复诉求: flagged before the one-screen dispatch below, which then tells the unit's head.
    const flagged = await flagRepeats(
      trx,
      rows.map((r, i) => ({ ...r, id: ids[i] })),
      this.deps.config.intake,
    );
    for (const [i, r] of rows.entries()) r.repeat_rule = flagged.get(ids[i]) ?? null;
    // The batch's keys in one insert: a taken key fails the batch; written again alone, the retry answers the
    // ticket that took it.
    const keys = jobs.flatMap(({ actor, key }, i) =>
      key ? [{ user_id: actor.id!, key, ticket_id: ids[i], created_at: rows[i].created_at }] : [],
    );
    if (keys.length && !(await repo.claimIdempotencyKeys(trx, keys))) throw new KeyTaken();
    // The dispatches' counters are written once per counter row at the end of the batch (rollups.repository.ts).
    const defers = rollupsRepository.deferBumps(trx);
    const out: TicketRow[] = rows.map((r, i) => ({ id: ids[i], ...r }));
    for (const [i, { callId }] of jobs.entries()) if (callId) await this.deps.calls.linkTicket(trx, callId, ids[i]);
    // The dispatch joins this transaction, so the order exists dispatched or not at all. The rows just written are
    // handed over, so the dispatch neither reads them back nor claims their version.
    const dispatched = await this.deps.actions.dispatchCreated(
      trx,
      together.map((i) => ({ actor: jobs[i].actor, ticket: out[i], department_id: jobs[i].input.department_id! })),
    );
    together.forEach((i, k) => (out[i] = dispatched[k]));
    for (const [i, { actor, input }] of jobs.entries()) {
      if (!input.department_id || !alone(jobs[i])) continue;
      out[i] = await this.deps.actions.dispatch(
        actor,
        ids[i],
        {
          version: rows[i].version,
          department_id: input.department_id,
          co_department_ids: input.co_department_ids,
          co_due_days: input.co_due_days,
        },
        trx,
        out[i],
      );
    }
    if (defers) await rollupsRepository.flushBumps(trx);
    this.deps.writer.assertCreatesWritten(trx);
    return out;
  }

  private newRow(input: CreateTicket, number: string, actor: Actor, now: string): Omit<TicketRow, 'id'> {
    return {
      number,
      channel: input.channel,
      type: input.type,
      urgency: input.urgency,
      title: input.title,
      description: input.description,
      category_id: input.category_id ?? null,
      address: input.address ?? null,
      caller_name: input.caller_name ?? null,
      caller_phone: input.caller_phone ?? null,
      // The code the acceptance text carries and /track asks for (a landline's caller looks up by its last digits).
      query_code: input.caller_phone ? newQueryCode() : null,
      confidential: input.confidential,
      ...AT_HOTLINE,
      ...UNWORKED,
      created_by: actor.id,
      call_id: input.call_id ?? null,
      area_unit_id: input.area_unit_id ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      created_at: now,
      updated_at: now,
    };
  }

  async list(
    actor: Actor,
    filter: ListTickets,
  ): Promise<{
    items: Array<TicketView & { supervised_at: string | null }>;
    total: number;
    page: number;
    per_page: number;
  }> {
    // Handlers see their units' orders only (their department's and those below it), whatever they ask for.
    const f = scopeToUnits(actor, 'ticket.read', filter);
    const now = clock.now();
    const { items, total } = await repo.list(this.deps.db, f, toDbTime(now), can(actor, 'ticket.search_phone'));
    // Supervised orders (督办) are marked in the list, with the deadline they are pressed on (the page shows due_at).
    const supervised = await repo.supervisedAt(this.deps.db, items);
    return {
      items: items.map((t) => ({ ...ticketView(t, now, 'masked'), supervised_at: iso(supervised.get(t.id) ?? null) })),
      total,
      page: f.page,
      per_page: f.per_page,
    };
  }

  /** The detail of a ticket with its timeline and requests; hotline staff see the caller unmasked, audited. */
  async detail(actor: Actor, id: number) {
    const { db } = this.deps;
    return auditForbidden(db, actor, 'view', id, async () => {
      const t = await loadTicket(db, id);
      // Every unit holding a live level (a street the order was passed down to) reads it too.
      const rows = await levelsRepository.ofTicket(db, id);
      requireAccess(actor, 'ticket.read', { ...t, unit_ids: readingUnits(rows) });
      const caller = callerView(actor, true);
      if (caller === 'full' && (t.caller_phone || t.caller_name)) {
        await auditRepository.record(
          db,
          actor,
          'view_caller',
          { type: 'ticket', id: t.id },
          { number: t.number },
          toDbTime(clock.now()),
        );
      }
      const [events, requests, assignment, supervised, cal] = await Promise.all([
        repo.events(db, id),
        repo.requests(db, id),
        t.assignment_id ? repo.findAssignment(db, t.assignment_id) : null,
        repo.supervisedAt(db, [t]),
        this.deps.calendar.current(),
      ]);
      const now = clock.now();
      const { returnWithinWorkdays } = this.deps.config.rules;
      // What this reader may do now, by the rules the actions themselves check (allowed-actions.ts).
      const allowed = allowedActions(actor, {
        ticket: t,
        requests,
        now,
        returnWithinWorkdays,
        contactedAt: assignment?.contacted_at ?? null,
        assignmentIsRedo: Boolean(assignment?.is_redo),
        assignmentDesignated: Boolean(assignment?.designated),
        returnsBeforeDesignation: this.deps.config.coHandling.returnsBeforeDesignation,
        unreasonableClosedDays: this.deps.config.unreasonable.closedWindowDays,
        callsBack: t.status === 'replied' ? await callsBack(db, t) : undefined,
        returnUntil: assignment ? cal.addWorkdays(fromDbTime(assignment.dispatched_at)!, returnWithinWorkdays) : null,
        downOpenUnit: t.assignment_id ? (openChildIn(rows, t.assignment_id)?.department_name ?? null) : null,
      });
      // 转派 (level-view.ts): offered to the unit holding the order that has a unit below it.
      if (await mayPassDown(actor, t, rows, (unit) => hasActiveUnitBelow(db, unit))) allowed.push('pass_down');
      return {
        ...ticketView(t, now, caller),
        area: await areaView(db, t.area_unit_id),
        supervised_at: iso(supervised.get(t.id) ?? null),
        contacted_at: iso(assignment?.contacted_at ?? null),
        contact_means: assignment?.contact_means ?? null,
        contact_outcome: assignment?.contact_outcome ?? null,
        // 先联系后办理: every attempt to reach the resident, reached or not (ticket-contact.service.ts).
        contacts: await contactAttempts(db, t.id),
        allowed_actions: allowed,
        // The chain under the current dispatch (docs/api.md "Passing down"), with what this reader may do on each.
        levels: chainOf(t, rows).map((l) =>
          levelView(l, levelActions(actor, t, l, rows, allowed), assignmentCard(t, l, now)),
        ),
        events: eventsFor(actor, t.type, events).map(eventView),
        requests: requests.map((r) => ({
          id: r.id,
          kind: r.kind,
          status: r.status,
          reason: r.reason,
          days: r.days,
          unreasonable_kind: r.unreasonable_kind ?? null,
          created_at: iso(r.created_at),
          decided_at: iso(r.decided_at),
        })),
        // 退单 disputes and 指定 (designation.service.ts): the approved returns with their units, the designations.
        disputes: await disputeRecord(db, t, requests, this.deps.config.coHandling.returnsBeforeDesignation),
        // Files on the order as this reader sees them (docs/rules/attachments.md).
        attachments: await attachmentsOf(db, actor, t),
        // 联动工单 sent to or received from 110/119/120/122 (docs/integration.md), for the hotline's staff.
        linkage: can(actor, 'linkage.read') ? await linkageOf(db, t.id) : [],
        // Sent down by an upstream platform (上级平台): its name, its id and its deadline; only a fed ticket may be.
        upstream: t.peer_feed ? await upstreamOrdersRepository.originOf(db, t.id) : null,
        // The peers its changes are posted to, with how their messages stand (peers/ticket-feed.ts).
        feeds: t.peer_feed ? await ticketFeedsRepository.counts(db, t.id) : [],
        // 重复诉求 (repeat-demands.ts): its rule and the earlier orders it repeats; null when not flagged.
        repeats: await repeatsOf(db, t),
      };
    });
  }

  /**
   * Open orders of the last days (config intake.duplicateDays) like the one being typed (并单): from the same
   * phone number, or at the same place (place.ts: 南竹竿胡同22号 is 东城区南竹竿胡同23号's neighbour), of the same
   * category once one is chosen; newest first.
   */
  async duplicates(actor: Actor, f: Duplicates) {
    requireAccess(actor, 'ticket.duplicates');
    const now = clock.now();
    const since = toDbTime(new Date(now.getTime() - this.deps.config.intake.duplicateDays * 86_400_000));
    const limit = 20;
    const [byPhone, byPlace] = await Promise.all([
      f.phone ? repo.openByPhone(this.deps.db, f.phone, since, limit) : [],
      f.address ? this.openAtPlace(f.address, f.category_id, since) : [],
    ]);
    const found = new Map<number, { row: TicketRow; match: string[] }>();
    for (const [rows, why] of [
      [byPhone, 'phone'],
      [byPlace, 'address'],
    ] as const) {
      for (const row of rows) {
        if (row.id === f.exclude_id) continue;
        const hit = found.get(row.id) ?? { row, match: [] };
        hit.match.push(why);
        found.set(row.id, hit);
      }
    }
    const items = [...found.values()]
      .sort((a, b) => b.row.created_at.localeCompare(a.row.created_at) || b.row.id - a.row.id)
      .slice(0, limit)
      .map(({ row, match }) => ({ ...ticketView(row, now, 'masked'), match }));
    return { items };
  }

  /** Open orders at this place or its neighbours, written either way; the exact address as typed always counts. */
  private async openAtPlace(address: string, categoryId: number | undefined, since: string): Promise<TicketRow[]> {
    const key = placeKey(address);
    const [near, exact] = await Promise.all([
      // A long street's orders all share its key: read enough of them to find the few next door.
      key ? repo.openByPlaceKey(this.deps.db, key, categoryId, since, 500) : [],
      categoryId ? repo.openByPlace(this.deps.db, categoryId, address, since, 20) : [],
    ]);
    const rows = new Map(exact.map((r) => [r.id, r]));
    for (const r of near) if (!rows.has(r.id) && samePlace(r.address, address)) rows.set(r.id, r);
    return [...rows.values()];
  }

  /** The ticket as its actor sees it right after an action (caller masked, no audit needed). */
  async view(id: number): Promise<TicketView> {
    return ticketView(await loadTicket(this.deps.db, id), clock.now(), 'masked');
  }
}
