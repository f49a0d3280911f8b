import type { Knex } from 'knex';
import { dayStart, localDate } from '../server/lib/calendar.ts';
import { fromDbTime, toDbTime } from '../server/lib/db.ts';

// Yellow cards of day-based deadlines begin at the start of the deadline's own working day (docs/rules/deadlines.md,
// corrected; deadlines.ts#yellowStart). Orders a department holds keep the start stored when they were dispatched,
// one working day of working time back, which reached into the working day before a weekend or holiday: they get
// the corrected start. One update per distinct deadline (day ends, mostly), not per order. A next_escalation_at left
// at the old start makes the sweep look once, find nothing due and move on to the corrected one.
const HELD = ['dispatched', 'accepted', 'suspended'];

const yellowOf = (deadline: string) => toDbTime(dayStart(localDate(new Date(fromDbTime(deadline)!.getTime() - 1))));

export async function up(knex: Knex): Promise<void> {
  for (const [deadline, yellow] of [['sign_deadline_at', 'sign_yellow_at'], ['due_at', 'due_yellow_at']] as const) {
    const rows: Array<Record<string, string>> = await knex('tickets').distinct(deadline)
      .whereIn('status', HELD).where('urgency', 'normal').whereNotNull(deadline);
    for (const row of rows) {
      await knex('tickets').whereIn('status', HELD).where('urgency', 'normal').where(deadline, row[deadline])
        .update({ [yellow]: yellowOf(row[deadline]) });
    }
  }
}

export async function down(): Promise<void> {
  // The earlier starts were wrong (a Saturday's order was yellow at once); nothing depends on them coming back.
}
