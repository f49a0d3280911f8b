// next_escalation_at of a ticket, computed in one place from the stored row: the earliest escalation step of
// its current deadlines that has not been issued yet (deadlines.ts#escalationSteps), or null. mutateTicket
// calls it after every change, and so does the sweep after issuing steps; anything else that writes a held
// ticket (a create-and-dispatch in one go) calls nextEscalationOf too.
//
// The working-day calendar and the rules come from the services built on a database handle: createServices
// registers them here by that handle's client configuration (which its transactions share, so a change made
// inside a caller's transaction finds them too), and mutateTicket keeps its signature.
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { WorkCalendar } from '../../lib/calendar.ts';
import { escalationsRepository } from '../escalations/escalations.repository.ts';
import { escalationSteps, nextEscalationAt, type EscalationStep } from './deadlines.ts';
import type { TicketRow } from './ticket.types.ts';

export interface EscalationPolicy {
  calendar(): Promise<WorkCalendar>;
  /** Working days a deadline may be missed by before the head and supervisors are mailed. */
  headAfterWorkdays: number;
}

const policies = new WeakMap<object, EscalationPolicy>();
// A handle no services were built on (a script) still gets the official calendar and the default rule.
const officialCalendar = new WorkCalendar();
const FALLBACK: EscalationPolicy = { calendar: async () => officialCalendar, headAfterWorkdays: 3 };

export function registerEscalationPolicy(db: Db, policy: EscalationPolicy): void {
  policies.set(db.client.config, policy);
}

export function escalationPolicy(db: Executor): EscalationPolicy {
  // A transaction's client is a copy of its knex instance's client that keeps the same config object.
  return policies.get(db.client.config) ?? FALLBACK;
}

type Row = Pick<TicketRow, 'id' | 'status' | 'assignment_id' | 'signed_at' | 'sign_deadline_at' | 'sign_yellow_at' | 'due_at' | 'due_yellow_at'>;

/** The escalation steps of a stored ticket row. */
export async function stepsOf(db: Executor, row: Row): Promise<EscalationStep[]> {
  if (row.assignment_id === null) return [];
  const policy = escalationPolicy(db);
  return escalationSteps(await policy.calendar(), policy.headAfterWorkdays, {
    status: row.status,
    signed_at: fromDbTime(row.signed_at),
    sign_deadline_at: fromDbTime(row.sign_deadline_at),
    sign_yellow_at: fromDbTime(row.sign_yellow_at),
    due_at: fromDbTime(row.due_at),
    due_yellow_at: fromDbTime(row.due_yellow_at),
  });
}

/** The next_escalation_at to store for a ticket row (`trx` sees the steps already issued). */
export async function nextEscalationOf(db: Executor, trx: Executor, row: Row): Promise<string | null> {
  const steps = await stepsOf(db, row);
  if (steps.length === 0) return null;
  const done = await escalationsRepository.doneKeys(trx, row.id, row.assignment_id!);
  const next = nextEscalationAt(steps, done);
  return next ? toDbTime(next) : null;
}
