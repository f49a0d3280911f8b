// Requests a department makes and a supervisor decides: return (退单), extension (延期), suspension (挂起).
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { yellowStart } from './deadlines.ts';
import { requestRefusal, returnWindowRefusal } from './allowed-actions.ts';
import type { Change, MutationContext } from './ticket-writer.ts';
import { endAsReturned } from './assignment-end.ts';
import { levelsRepository } from './levels.repository.ts';
import { designatedReturnRefusal } from './disputes.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketDeps } from './ticket-deps.ts';
import { iso } from '../../lib/time.ts';
import { ticketView } from './ticket-view.ts';
import type { ListRequests } from './tickets.schemas.ts';
import type { RequestKind, RequestRow } from './ticket.types.ts';
import { AT_HOTLINE } from './ticket.types.ts';

export class TicketRequestsService {
  constructor(private readonly deps: TicketDeps) {}

  /** The queue a supervisor decides from: each request with its ticket (caller masked: a list, not a detail). */
  async list(actor: Actor, f: ListRequests) {
    requireAccess(actor, 'ticket.requests');
    const { items, total } = await repo.listRequests(this.deps.db, {
      status: f.status,
      kind: f.kind,
      limit: f.per_page,
      offset: (f.page - 1) * f.per_page,
    });
    const now = clock.now();
    const tickets = new Map(
      (await repo.findMany(this.deps.db, [...new Set(items.map((r) => r.ticket_id))])).map((t) => [t.id, t]),
    );
    return {
      items: items.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        reason: r.reason,
        days: r.days,
        unreasonable_kind: r.unreasonable_kind ?? null,
        requested_by: r.requested_by,
        requested_by_name: r.requested_by_name,
        created_at: iso(r.created_at),
        decided_at: iso(r.decided_at),
        ticket: ticketView(tickets.get(r.ticket_id)!, now, 'masked'),
      })),
      total,
      page: f.page,
      per_page: f.per_page,
    };
  }

  private async open(
    ctx: MutationContext,
    actor: Actor,
    kind: RequestKind,
    reason: string,
    days: number | null,
  ): Promise<Change> {
    // The same rule decides which requests a ticket offers (allowed-actions.ts).
    const refused = requestRefusal(kind, await repo.requests(ctx.trx, ctx.ticket.id));
    if (refused) throw refused;
    const requestId = await repo.insertRequest(ctx.trx, {
      ticket_id: ctx.ticket.id,
      assignment_id: ctx.ticket.assignment_id,
      kind,
      status: 'pending',
      reason,
      days,
      requested_by: actor.id,
      created_at: ctx.nowDb,
    });
    return { patch: {}, event: { action: `${kind}_requested`, note: reason, data: { request_id: requestId, days } } };
  }

  requestReturn(actor: Actor, id: number, input: { version: number; reason: string }) {
    return this.deps.writer.mutate(actor, id, input.version, 'return', async (ctx) => {
      const cal = await this.deps.calendar.current();
      const assignment = await repo.findAssignment(ctx.trx, ctx.ticket.assignment_id!);
      // 指定: the unit a supervisor designated after disputed returns may not return the order again.
      const designated = designatedReturnRefusal(assignment?.designated);
      if (designated) throw designated;
      const { returnWithinWorkdays } = this.deps.config.rules;
      const refused = returnWindowRefusal(
        ctx.now,
        cal.addWorkdays(fromDbTime(assignment!.dispatched_at)!, returnWithinWorkdays),
        returnWithinWorkdays,
      );
      if (refused) throw refused;
      return this.open(ctx, actor, 'return', input.reason, null);
    });
  }

  requestExtension(actor: Actor, id: number, input: { version: number; days: number; reason: string }) {
    const max = this.deps.config.rules.maxExtensionWorkdays;
    if (input.days > max) throw errors.validation([detail('days', 'ticket.extensionMaxDays', { maximum: max })]);
    return this.deps.writer.mutate(actor, id, input.version, 'extension', (ctx) =>
      this.open(ctx, actor, 'extension', input.reason, input.days),
    );
  }

  requestSuspension(actor: Actor, id: number, input: { version: number; reason: string }) {
    return this.deps.writer.mutate(actor, id, input.version, 'suspend', (ctx) =>
      this.open(ctx, actor, 'suspension', input.reason, null),
    );
  }

  decide(actor: Actor, id: number, kind: RequestKind, requestId: number, input: { approve: boolean; note?: string }) {
    const action =
      kind === 'return' ? 'decide_return' : kind === 'extension' ? 'decide_extension' : 'decide_suspension';
    return this.deps.writer.mutate(actor, id, null, action, async (ctx) => {
      const request = await repo.findRequest(ctx.trx, requestId);
      if (!request || request.ticket_id !== id || request.kind !== kind) throw errors.notFound('request');
      if (request.status !== 'pending') throw errors.invalidTransition('ticket.requestDecided');
      // A request belongs to the department that made it: once the order has moved on, it cannot be decided onto
      // the next.
      if (request.assignment_id !== ctx.ticket.assignment_id) {
        throw errors.invalidTransition('ticket.requestStale');
      }
      if (
        !(await repo.decideRequest(ctx.trx, request.id, input.approve ? 'approved' : 'rejected', actor.id, ctx.nowDb))
      ) {
        throw errors.versionConflict();
      }
      const event = {
        action: `${kind}_${input.approve ? 'approved' : 'rejected'}`,
        note: input.note,
        data: { request_id: request.id },
        public: input.approve,
      };
      if (!input.approve) return { patch: {}, event };
      // The units of the levels below (passed down, co-handled) leave with an approved return: their inboxes hear it.
      const units =
        kind === 'return' ? (await levelsRepository.openLevels(ctx.trx, id)).map((l) => l.department_id) : [];
      return { patch: await this.approve(ctx, request), event, units };
    });
  }

  private async approve(ctx: MutationContext, request: RequestRow) {
    const t = ctx.ticket;
    if (request.kind === 'return') {
      // Back to the hotline for re-dispatch; the assignment ends and leaves the department's figures.
      await endAsReturned(ctx.trx, (await repo.findAssignment(ctx.trx, t.assignment_id!))!, ctx.nowDb);
      // The department's other requests end with its assignment: the next department starts clean.
      await repo.cancelPending(ctx.trx, t.id, ['extension', 'suspension', 'unreasonable'], ctx.nowDb);
      return { ...AT_HOTLINE };
    }
    if (request.kind === 'extension') {
      const cal = await this.deps.calendar.current();
      const due = cal.addWorkdays(fromDbTime(t.due_at)!, request.days!);
      const assignment = await repo.findAssignment(ctx.trx, t.assignment_id!);
      await repo.updateAssignment(ctx.trx, t.assignment_id!, {
        due_at: toDbTime(due),
        extended_days: (assignment?.extended_days ?? 0) + request.days!,
      });
      return { due_at: toDbTime(due), due_yellow_at: toDbTime(yellowStart(cal, t.urgency, ctx.now, due)) };
    }
    return { status: 'suspended' as const, suspended_at: ctx.nowDb };
  }
}
