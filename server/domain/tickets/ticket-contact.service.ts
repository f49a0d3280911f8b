// 先联系后办理: the department holding an order calls the resident first. A handler reveals the caller's number
// (显示号码, every reveal audited; never for a confidential order, whose caller the hotline relays) and records the
// contact in one click (an event, and the assignment's contacted_at, counted in the response rate).
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import type { Actor } from '../users/actor.ts';
import { contactRefusal, revealRefusal } from './allowed-actions.ts';
import { assertAllowed, assertTransition } from './ticket-state.ts';
import { auditForbidden, loadTicket } from './ticket-writer.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketDeps } from './ticket-deps.ts';

export class TicketContactService {
  constructor(private readonly deps: TicketDeps) {}

  /** The caller's full number for the handler about to call; the reveal is written to the audit log first. */
  revealPhone(actor: Actor, id: number): Promise<{ caller_phone: string }> {
    const { db } = this.deps;
    // A refusal (another department, a confidential order) is audited as an attempt, like every 403 on a ticket.
    return auditForbidden(db, actor, 'reveal_phone', id, async () => {
      const t = await loadTicket(db, id);
      assertAllowed('reveal_phone', t, actor);
      assertTransition('reveal_phone', t.status);
      const refused = revealRefusal(t);
      if (refused) throw refused;
      await auditRepository.record(
        db,
        actor,
        'reveal_phone',
        { type: 'ticket', id: t.id },
        { number: t.number, assignment_id: t.assignment_id },
        toDbTime(clock.now()),
      );
      return { caller_phone: t.caller_phone! };
    });
  }

  /** Records that the department contacted the resident, once per assignment (the first contact is what counts). */
  contact(actor: Actor, id: number, input: { version: number }) {
    return this.deps.writer.mutate(actor, id, input.version, 'contact', async (ctx) => {
      const assignment = (await repo.findAssignment(ctx.trx, ctx.ticket.assignment_id!))!;
      const refused = contactRefusal(assignment.contacted_at ?? null);
      if (refused) throw refused;
      await repo.updateAssignment(ctx.trx, assignment.id, { contacted_at: ctx.nowDb });
      await figuresRecorder.contacted(ctx.trx, assignment, ctx.nowDb);
      return {
        patch: {},
        event: { action: 'contact', data: { before_sign_deadline: ctx.nowDb <= assignment.sign_deadline_at } },
      };
    });
  }
}
