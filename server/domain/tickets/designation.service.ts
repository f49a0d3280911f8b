// 指定 (docs/rules/work-orders.md "Disputes and designation"): a supervisor settles an order's disputed returns by
// designating its unit, which gets the order as from a dispatch (fresh deadlines, counted as dispatched) and may not
// return it; the supervisors' queue of orders awaiting it and of recent designations, each with its returns.
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { iso } from '../../lib/time.ts';
import { requireAccess } from '../access/access.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import type { Actor } from '../users/actor.ts';
import { approvedReturns, designationRefusal, needsDesignation } from './disputes.ts';
import { disputesRepository as disputes, type DesignationRow, type DisputedReturn } from './disputes.repository.ts';
import type { TicketActionsService } from './ticket-actions.service.ts';
import type { TicketDeps } from './ticket-deps.ts';
import { ticketView } from './ticket-view.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { Executor } from '../../lib/db.ts';
import type { RequestRow, TicketRow } from './ticket.types.ts';

export interface DesignationDeps extends TicketDeps {
  /** The dispatch's own assignment (fresh deadlines, counted as dispatched). */
  actions: Pick<TicketActionsService, 'assign'>;
}

const returnView = (r: DisputedReturn) => ({
  request_id: r.request_id,
  department_id: r.department_id,
  department_name: r.department_name,
  reason: r.reason,
  requested_by_name: r.requested_by_name,
  requested_at: iso(r.created_at),
  approved_at: iso(r.decided_at),
});

const designationView = (d: DesignationRow) => ({
  department_id: d.department_id,
  department_name: d.department_name,
  assignment_id: d.assignment_id,
  returns: d.returns,
  note: d.note,
  designated_by_name: d.designated_by_name,
  designated_at: iso(d.created_at),
});

/** An order's dispute record as its detail shows it (tickets.service.ts): its returns and designations. */
export async function disputeRecord(
  db: Executor,
  t: Pick<TicketRow, 'id' | 'status'>,
  requests: Pick<RequestRow, 'kind' | 'status'>[],
  threshold: number,
) {
  const [returns, designations] = await Promise.all([
    disputes.returnsOf(db, [t.id]),
    disputes.designations(db, { ticketIds: [t.id] }),
  ]);
  return {
    returns: returns.map(returnView),
    designations: designations.map(designationView),
    awaiting_designation: t.status === 'received' && needsDesignation(requests, threshold),
  };
}

export class DesignationService {
  constructor(private readonly deps: DesignationDeps) {}

  private get threshold() {
    return this.deps.config.coHandling.returnsBeforeDesignation;
  }

  designate(actor: Actor, id: number, input: { version: number; department_id: number; note: string }) {
    return this.deps.writer.mutate(actor, id, input.version, 'designate', async (ctx) => {
      const requests = await repo.requests(ctx.trx, id);
      const refused = designationRefusal(requests, this.threshold);
      if (refused) throw refused;
      const dept = await departmentsRepository.find(ctx.trx, input.department_id);
      if (!dept || !dept.active) throw errors.validation([detail('department_id', 'departments.noSuchActive')]);
      const patch = await this.deps.actions.assign(ctx, dept.id, false);
      const assignmentId = patch.assignment_id!;
      await repo.updateAssignment(ctx.trx, assignmentId, { designated: true });
      const returns = approvedReturns(requests);
      await disputes.insertDesignation(ctx.trx, {
        ticket_id: id,
        assignment_id: assignmentId,
        department_id: dept.id,
        returns,
        note: input.note,
        designated_by: actor.id,
        created_at: ctx.nowDb,
      });
      return {
        patch,
        event: {
          action: 'designate',
          note: input.note,
          public: true,
          data: { department_id: dept.id, department_name: dept.name, returns, designated: true },
        },
      };
    });
  }

  /** The supervisors' queue: orders awaiting designation (longest wait first), then the latest designations. */
  async list(actor: Actor) {
    requireAccess(actor, 'dispute.read');
    const { db } = this.deps;
    const [awaiting, recent] = await Promise.all([
      disputes.awaiting(db, this.threshold, 100),
      disputes.designations(db, { limit: 20 }),
    ]);
    const ids = [...new Set([...awaiting.map((t) => t.id), ...recent.map((d) => d.ticket_id)])];
    const [returns, tickets] = await Promise.all([disputes.returnsOf(db, ids), repo.findMany(db, ids)]);
    const byTicket = new Map(tickets.map((t) => [t.id, t]));
    const returnsOf = (ticketId: number) => returns.filter((r) => r.ticket_id === ticketId).map(returnView);
    const now = clock.now();
    return {
      returns_before_designation: this.threshold,
      awaiting: awaiting.map((t) => ({ ticket: ticketView(t, now, 'masked'), returns: returnsOf(t.id) })),
      designations: recent.map((d) => ({
        ticket: ticketView(byTicket.get(d.ticket_id)!, now, 'masked'),
        ...designationView(d),
        returns_history: returnsOf(d.ticket_id),
      })),
    };
  }
}
