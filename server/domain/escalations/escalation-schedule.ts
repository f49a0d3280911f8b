// next_escalation_at of a ticket, computed in one place from the stored row: the earliest escalation step not issued
// yet of its current deadlines (deadlines.ts#escalationSteps) and of those of its open levels (passed down,
// co-handling: tickets/level-card.ts), or null. One schedule for every level: a level's moment is folded into its
// ticket's, so the sweep reads one index, and the ticket writer (tickets/ticket-writer.ts), through which every level
// action runs (mutate on the ticket), asks it after every change and every creation; so does the sweep after issuing
// steps. It also marks deadlines that reach into a year with no official schedule (calendar/unconfirmed-deadlines.ts).
//
// The working-day calendar and the rules are handed to it once, by services.ts, which passes it to the writer.
import type { Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import type { WorkCalendar } from '../../lib/calendar.ts';
import { unconfirmedOn } from '../calendar/unconfirmed-deadlines.ts';
import { escalationSteps, nextEscalationAt, type EscalationStep } from '../tickets/deadlines.ts';
import type { ScheduledRow, TicketSchedule } from '../tickets/ticket-writer.ts';
import { levelEscalationSteps } from '../tickets/level-card.ts';
import { escalationsRepository, type OpenLevel } from './escalations.repository.ts';

export interface EscalationPolicy {
  calendar(): Promise<WorkCalendar>;
  /** Working days a deadline may be missed by before the head and supervisors are mailed. */
  headAfterWorkdays: number;
}

/** One assignment's deadlines to escalate: the ticket's main assignment, or one of its open levels. */
export interface EscalationTrack {
  assignment_id: number;
  /** The unit that owes the deadlines: its cards, supervision orders and mails. */
  department_id: number | null;
  /** The level (down, co); null for the main assignment. */
  level: OpenLevel | null;
  steps: EscalationStep[];
}

const NONE: ReadonlySet<string> = new Set();

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

  /**
   * The main assignment's and the open levels' steps, each with its unit. Levels escalate only while the order is
   * held and its clock runs: otherwise there is nothing to read.
   */
  async tracksOf(trx: Executor, row: ScheduledRow, levels = true): Promise<EscalationTrack[]> {
    const tracks: EscalationTrack[] = [];
    const main = await this.stepsOf(row);
    if (main.length > 0) {
      tracks.push({ assignment_id: row.assignment_id!, department_id: row.department_id, level: null, steps: main });
    }
    if (!levels || (row.status !== 'dispatched' && row.status !== 'accepted')) return tracks;
    const open = await escalationsRepository.openLevels(trx, row.id);
    if (open.length === 0) return tracks;
    const cal = await this.policy.calendar();
    for (const level of open) {
      const steps = levelEscalationSteps(cal, this.policy.headAfterWorkdays, row, level);
      if (steps.length > 0) tracks.push({ assignment_id: level.id, department_id: level.department_id, level, steps });
    }
    return tracks;
  }

  /**
   * The next_escalation_at to store for a ticket row (`trx` sees the steps already issued and the levels); `levels`
   * false: the caller knows it has none open (TicketSchedule).
   */
  async nextEscalationOf(trx: Executor, row: ScheduledRow, created = false, levels = true): Promise<string | null> {
    const tracks = await this.tracksOf(trx, row, levels);
    if (tracks.length === 0) return null;
    // A ticket created in this transaction has no step recorded: only the sweep records steps, and it cannot see an
    // uncommitted ticket (the keyed intake creates and dispatches in one transaction).
    const done = created ? new Map<number, Set<string>>() : await escalationsRepository.doneKeys(trx, row.id);
    const next = earliestNext(tracks, done);
    return next ? toDbTime(next) : null;
  }

  /** The mark to store with a row whose deadlines were just computed, on the calendar the change used. */
  async deadlineUnconfirmed(row: ScheduledRow, now: Date): Promise<boolean> {
    return unconfirmedOn(await this.policy.calendar(), this.policy.headAfterWorkdays, row, now);
  }
}

/** The earliest step not done yet over every track (main and levels), or null. */
export function earliestNext(tracks: EscalationTrack[], done: ReadonlyMap<number, ReadonlySet<string>>): Date | null {
  let next: Date | null = null;
  for (const t of tracks) {
    const at = nextEscalationAt(t.steps, done.get(t.assignment_id) ?? NONE);
    if (at && (next === null || at < next)) next = at;
  }
  return next;
}
