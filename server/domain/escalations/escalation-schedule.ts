// next_escalation_at of a ticket, computed in one place from the stored row: the earliest escalation step of
// its current deadlines that has not been issued yet (deadlines.ts#escalationSteps), or null. The ticket writer
// (tickets/ticket-writer.ts) asks it after every change and every creation, and so does the sweep after issuing
// steps. It also marks deadlines that reach into a year with no official schedule (calendar/unconfirmed-deadlines.ts).
//
// The working-day calendar and the rules are handed to it once, by services.ts, which passes it to the writer.
import type { Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import type { WorkCalendar } from '../../lib/calendar.ts';
import { unconfirmedOn } from '../calendar/unconfirmed-deadlines.ts';
import { escalationSteps, nextEscalationAt, type EscalationStep } from '../tickets/deadlines.ts';
import type { ScheduledRow, TicketSchedule } from '../tickets/ticket-writer.ts';
import { escalationsRepository } from './escalations.repository.ts';

export interface EscalationPolicy {
  calendar(): Promise<WorkCalendar>;
  /** Working days a deadline may be missed by before the head and supervisors are mailed. */
  headAfterWorkdays: number;
}

export class EscalationSchedule implements TicketSchedule {
  constructor(readonly policy: EscalationPolicy) {}

  get headAfterWorkdays(): number {
    return this.policy.headAfterWorkdays;
  }

  /** The escalation steps of a stored ticket row. */
  async stepsOf(row: ScheduledRow): Promise<EscalationStep[]> {
    if (row.assignment_id === null) return [];
    return escalationSteps(await this.policy.calendar(), this.policy.headAfterWorkdays, {
      status: row.status,
      signed_at: fromDbTime(row.signed_at),
      sign_deadline_at: fromDbTime(row.sign_deadline_at),
      sign_yellow_at: fromDbTime(row.sign_yellow_at),
      due_at: fromDbTime(row.due_at),
      due_yellow_at: fromDbTime(row.due_yellow_at),
    });
  }

  /** The next_escalation_at to store for a ticket row (`trx` sees the steps already issued). */
  async nextEscalationOf(trx: Executor, row: ScheduledRow): Promise<string | null> {
    const steps = await this.stepsOf(row);
    if (steps.length === 0) return null;
    const done = await escalationsRepository.doneKeys(trx, row.id, row.assignment_id!);
    const next = nextEscalationAt(steps, done);
    return next ? toDbTime(next) : null;
  }

  /** The mark to store with a row whose deadlines were just computed, on the calendar the change used. */
  async deadlineUnconfirmed(row: ScheduledRow, now: Date): Promise<boolean> {
    return unconfirmedOn(await this.policy.calendar(), this.policy.headAfterWorkdays, row, now);
  }
}
