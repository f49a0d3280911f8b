// 先联系后办理: the department holding an order calls the resident first. A handler reveals the caller's number
// (显示号码, every reveal audited; never for a confidential order, whose caller the hotline relays) and records the
// contact in one click (an event, and the assignment's contacted_at, counted in the response rate). A unit the order
// was passed down to (levels.service.ts) does the same on its own level: the reveal and the contact are its own.
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import type { Executor } from '../../lib/db.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { homeUnit } from '../access/access.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import type { Actor } from '../users/actor.ts';
import { contactRefusal, revealRefusal } from './allowed-actions.ts';
import { assertAllowed, assertTransition } from './ticket-state.ts';
import { auditForbidden, loadTicket } from './ticket-writer.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import { levelsRepository } from './levels.repository.ts';
import type { TicketDeps } from './ticket-deps.ts';
import type { TicketRow } from './ticket.types.ts';

/** The actor's own open level of the ticket, when its unit is not the one the hotline dispatched to. */
async function ownLevel(db: Executor, t: TicketRow, actor: Actor) {
  const unit = homeUnit(actor);
  if (unit === null || unit === t.department_id) return null;
  return levelsRepository.openLevelOf(db, t.id, unit);
}

export class TicketContactService {
  constructor(private readonly deps: TicketDeps) {}

  /** The caller's full number for the handler about to call; the reveal is written to the audit log first. */
  revealPhone(actor: Actor, id: number): Promise<{ caller_phone: string }> {
    const { db } = this.deps;
    // A refusal (another department, a confidential order) is audited as an attempt, like every 403 on a ticket.
    return auditForbidden(db, actor, 'reveal_phone', id, async () => {
      const t = await loadTicket(db, id);
      const level = await ownLevel(db, t, actor);
      assertAllowed('reveal_phone', level ?? t, actor);
      assertTransition('reveal_phone', t.status);
      const refused = revealRefusal(t);
      if (refused) throw refused;
      await auditRepository.record(
        db,
        actor,
        'reveal_phone',
        { type: 'ticket', id: t.id },
        { number: t.number, assignment_id: level?.id ?? t.assignment_id },
        toDbTime(clock.now()),
      );
      return { caller_phone: t.caller_phone! };
    });
  }

  /** Records that the department contacted the resident, once per assignment (the first contact is what counts). */
  contact(actor: Actor, id: number, input: { version: number }) {
    return this.deps.writer.mutate(
      actor,
      id,
      input.version,
      'contact',
      async (ctx) => {
        const level = await ownLevel(ctx.trx, ctx.ticket, actor);
        const assignment = level ?? (await repo.findAssignment(ctx.trx, ctx.ticket.assignment_id!))!;
        const refused = contactRefusal(assignment.contacted_at ?? null);
        if (refused) throw refused;
        await repo.updateAssignment(ctx.trx, assignment.id, { contacted_at: ctx.nowDb });
        await figuresRecorder.contacted(ctx.trx, assignment, ctx.nowDb);
        const before_sign_deadline = ctx.nowDb <= assignment.sign_deadline_at;
        return {
          patch: {},
          event: {
            action: 'contact',
            data: level
              ? { before_sign_deadline, level_id: level.id, department_name: level.department_name }
              : { before_sign_deadline },
          },
          units: level ? [level.department_id] : [],
        };
      },
      undefined,
      // A unit below checks against its own level's unit; the holder against the order's department.
      async (trx, t) => (await ownLevel(trx, t, actor)) ?? t,
    );
  }
}
