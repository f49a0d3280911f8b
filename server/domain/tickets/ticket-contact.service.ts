// 先联系后办理: the department holding an order calls the resident first. A handler reveals the caller's number
// (显示号码, every reveal audited; never for a confidential order, whose caller the hotline relays) and records each
// attempt to reach the resident: when (not in the future, not before the dispatch), by what means (phone, sms, visit,
// other) and whether it reached them. Every attempt is a row of assignment_contacts and an event; the first one that
// reached the resident sets the assignment's contacted_at, contact_means and contact_outcome, counted in the
// response rate when it came by the sign-for deadline, and ends the recording (a second reached contact: 409). A unit
// the order was passed down to (levels.service.ts) does the same on its own level: the reveal and the contact are
// its own.
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { detail, errors } from '../../lib/errors.ts';
import type { ContactInput } from './tickets.schemas.ts';
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

/**
 * When the contact happened (the handler may enter it after the call): now by default; never in the future, nor
 * before the assignment was dispatched (400 naming contacted_at, nothing stored).
 */
function contactTime(given: string | undefined, now: Date, dispatchedAt: string): string {
  if (given === undefined) return toDbTime(now);
  const at = new Date(given);
  if (at.getTime() > now.getTime()) throw errors.validation([detail('contacted_at', 'ticket.contactInFuture')]);
  const db = toDbTime(at);
  if (db < dispatchedAt) throw errors.validation([detail('contacted_at', 'ticket.contactBeforeDispatch')]);
  return db;
}

/** Every attempt to contact the resident of an order, oldest first, with the unit and the handler who made it. */
export async function contactAttempts(db: Executor, ticketId: number) {
  const rows = await db('assignment_contacts as c')
    .join('assignments as a', 'a.id', 'c.assignment_id')
    .leftJoin('departments as d', 'd.id', 'a.department_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .where('c.ticket_id', ticketId)
    .orderBy([{ column: 'c.contacted_at' }, { column: 'c.id' }])
    .select(
      ...['c.id', 'c.assignment_id', 'c.contacted_at', 'c.means', 'c.outcome', 'c.note', 'c.created_at'],
      ...['d.name as department_name', 'u.display_name as user_name'],
    );
  return rows.map((r: Record<string, unknown>) => ({
    ...r,
    contacted_at: fromDbTime(r.contacted_at as string)!.toISOString(),
    created_at: fromDbTime(r.created_at as string)!.toISOString(),
  }));
}

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

  /** Records an attempt to contact the resident; the first that reached them is the assignment's contact. */
  contact(actor: Actor, id: number, input: ContactInput) {
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
        const at = contactTime(input.contacted_at, ctx.now, assignment.dispatched_at);
        const means = input.means ?? 'phone';
        const outcome = input.outcome ?? 'reached';
        await ctx.trx('assignment_contacts').insert({
          ticket_id: ctx.ticket.id,
          assignment_id: assignment.id,
          contacted_at: at,
          means,
          outcome,
          note: input.note ?? null,
          user_id: actor.id,
          created_at: ctx.nowDb,
        });
        const reached = outcome === 'reached';
        if (reached) {
          await repo.updateAssignment(ctx.trx, assignment.id, {
            contacted_at: at,
            contact_means: means,
            contact_outcome: outcome,
          });
          await figuresRecorder.contacted(ctx.trx, assignment, at);
        }
        const said = {
          means,
          outcome,
          contacted_at: fromDbTime(at)!.toISOString(),
          ...(reached ? { before_sign_deadline: at <= assignment.sign_deadline_at } : {}),
        };
        return {
          patch: {},
          event: {
            action: 'contact',
            note: input.note ?? null,
            data: level ? { ...said, level_id: level.id, department_name: level.department_name } : said,
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
