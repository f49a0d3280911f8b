// 会办 (docs/rules/work-orders.md "Co-handling"): one dispatch names a lead unit (主办, the 'main' assignment) and
// co-units (协办). Each co-unit holds a 'co' assignment under the lead's, with its own earlier deadline, signs and
// replies to the lead at its level (levels routes); its reply ends its level at once (no approval). The lead answers
// the hotline only once every co-unit has replied, or with the reason it did not wait.
import type { Config } from '../../../config/default.ts';
import { WORKDAY_MS, type WorkCalendar } from '../../lib/calendar.ts';
import type { Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { detail, errors } from '../../lib/errors.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import type { MutationContext } from './ticket-writer.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { AssignmentRow, Urgency } from './ticket.types.ts';
import { liaisonTexts } from '../sms/liaison-texts.ts';
import { levelClock } from './level-card.ts';

/** The lead's assignment as a co-unit's deadlines are fitted inside it. */
export interface LeadAssignment {
  id: number;
  department_id: number;
  sign_deadline_at: string;
  due_at: string;
}

/**
 * A co-unit's reply deadline: `coDueDays` working days from now when the dispatch names them (refused past the
 * lead's), else `dueWorkdaysBefore` working days before the lead's (urgent orders: half the lead's window). Never
 * after the lead's and never in the past: when the earlier day has already gone, the lead's own deadline.
 */
export function coDueAt(
  cal: WorkCalendar,
  cfg: Config['coHandling'],
  urgency: Urgency,
  now: Date,
  leadDue: Date,
  coDueDays?: number,
): Date {
  if (coDueDays !== undefined) {
    const due = cal.addWorkdays(now, coDueDays);
    if (due > leadDue) throw errors.validation([detail('co_due_days', 'coHandling.dueAfterLead')]);
    return due;
  }
  const earlier =
    urgency === 'urgent'
      ? new Date(now.getTime() + (leadDue.getTime() - now.getTime()) / 2)
      : cal.subtractWorkingMs(leadDue, cfg.dueWorkdaysBefore * WORKDAY_MS);
  return earlier > now && earlier <= leadDue ? earlier : leadDue;
}

/**
 * The co-units' assignments of a dispatch, written in its transaction and counted as dispatched for each unit. Each
 * co-unit must be active and not the lead (duplicates are refused by the schema). Answers the units' names.
 */
export async function assignCoUnits(
  ctx: MutationContext,
  deps: { calendar: WorkCalendar; config: Config },
  lead: LeadAssignment,
  departmentIds: readonly number[],
  coDueDays?: number,
): Promise<{ id: number; department_id: number; department_name: string; due_at: string }[]> {
  const problems = [];
  const units = [];
  for (const [i, id] of departmentIds.entries()) {
    const dept = await departmentsRepository.find(ctx.trx, id);
    if (id === lead.department_id) problems.push(detail(`co_department_ids.${i}`, 'coHandling.notTheLead'));
    else if (!dept || !dept.active) problems.push(detail(`co_department_ids.${i}`, 'coHandling.noSuchActive'));
    else units.push(dept);
  }
  if (problems.length) throw errors.validation(problems);
  const leadDue = fromDbTime(lead.due_at)!;
  const due = coDueAt(deps.calendar, deps.config.coHandling, ctx.ticket.urgency, ctx.now, leadDue, coDueDays);
  const dueDb = toDbTime(due);
  // Sign-for by the rules, as the lead's was computed at this same moment, and never after its own reply deadline.
  const signDb = lead.sign_deadline_at < dueDb ? lead.sign_deadline_at : dueDb;
  const out = [];
  for (const dept of units) {
    const a = {
      ticket_id: ctx.ticket.id,
      department_id: dept.id,
      category_id: ctx.ticket.category_id,
      is_redo: false,
      dispatched_at: ctx.nowDb,
      sign_deadline_at: signDb,
      due_at: dueDb,
      parent_id: lead.id,
      role: 'co' as const,
      designated: false,
      created_at: ctx.nowDb,
    };
    const id = await repo.insertAssignment(ctx.trx, a);
    await figuresRecorder.dispatched(ctx.trx, a);
    // On the wall clock the co-unit's liaison is texted at once (docs/rules/messages.md).
    if (levelClock(ctx.ticket) === 'urgent') {
      const card = { ticket: ctx.ticket, assignment_id: id, department_id: dept.id, urgent: true };
      await liaisonTexts.signReminder(ctx.trx, { ...card, deadline: fromDbTime(signDb)! }, ctx.now, dept);
    }
    out.push({ id, department_id: dept.id, department_name: dept.name, due_at: dueDb });
  }
  return out;
}

/** The co levels under a lead's assignment that have not ended (not replied, not ended with the order). */
export async function openCoLevels(db: Executor, leadAssignmentId: number): Promise<AssignmentRow[]> {
  return db('assignments').where({ parent_id: leadAssignmentId, role: 'co' }).whereNull('ended_at').orderBy('id');
}

/**
 * The co levels a lead's assignment leaves open when the order closes (a callback, the auto-close, unreachable) or
 * starts a new assignment (a reopening, 重办): they end `closed`, unreplied. Each stays received for its unit and
 * counts as not replied, which is what it was: no counter moves (ticket-writer.ts calls this for every change).
 */
export async function endCoLevelsWithOrder(db: Executor, leadAssignmentId: number, nowDb: string): Promise<number[]> {
  const open = await openCoLevels(db, leadAssignmentId);
  for (const a of open) await repo.updateAssignment(db, a.id, { ended_at: nowDb, end_reason: 'closed' });
  return open.map((a) => a.department_id);
}

/** Every co level under a lead's assignment, with its unit's name (the ticket page's progress). */
export async function coLevels(
  db: Executor,
  leadAssignmentId: number,
): Promise<(AssignmentRow & { department_name: string })[]> {
  return db('assignments as a')
    .join('departments as d', 'd.id', 'a.department_id')
    .where({ 'a.parent_id': leadAssignmentId, 'a.role': 'co' })
    .orderBy('a.id')
    .select('a.*', 'd.name as department_name');
}

/**
 * The lead's reply to the hotline while co-units have not replied: refused (409) unless it says why it did not wait.
 * Answers what the reply's event records of them.
 */
export async function leadReplyCheck(
  db: Executor,
  leadAssignmentId: number,
  reason: string | undefined,
): Promise<Record<string, unknown>> {
  const open = await openCoLevels(db, leadAssignmentId);
  if (open.length === 0) return {};
  const names = await Promise.all(open.map((a) => departmentsRepository.find(db, a.department_id)));
  const units = names.map((d) => d?.name ?? '?');
  if (!reason) throw errors.invalidTransition('coHandling.coPending', { units: units.join('、') });
  return { co_pending_reason: reason, co_pending: units };
}
