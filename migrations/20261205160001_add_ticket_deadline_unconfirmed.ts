import type { Knex } from 'knex';
import { officialSchedule } from '../server/lib/calendar.ts';

// Whether a ticket's current deadlines (or their escalation) were computed on days of a year that had no official
// schedule yet: set by mutateTicket whenever deadlines are computed, and the tickets recomputed once an
// administrator enters that year (server/domain/calendar/deadline-recompute.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.boolean('deadline_unconfirmed').notNullable().defaultTo(false);
    t.index(['deadline_unconfirmed'], 'tickets_deadline_unconfirmed_idx');
  });
  // Deadlines computed before this column existed: every held order whose deadline comes within ten days (the
  // head's mail, 3 working days on) of the first year the package lacks is marked. Marking one too many only costs
  // a recomputation that finds nothing to move.
  let year = new Date().getUTCFullYear() - 1;
  while (officialSchedule(year)) year++;
  const from = `${year - 1}-12-20 00:00:00.000`;
  await knex('tickets').whereIn('status', ['dispatched', 'accepted', 'suspended'])
    .where((q) => q.where('due_at', '>=', from).orWhere('sign_deadline_at', '>=', from))
    .update({ deadline_unconfirmed: true });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['deadline_unconfirmed'], 'tickets_deadline_unconfirmed_idx');
    t.dropColumn('deadline_unconfirmed');
  });
}
