import type { Knex } from 'knex';

// The next moment the escalation sweep has something to do for a ticket (a yellow card, a red card, the
// escalation to the head), or NULL when nothing is pending. The sweep reads only rows with
// next_escalation_at <= now through this index, so its cost follows what is due, not what is open. The
// column alone is enough: it is NULL for every ticket no department holds, and InnoDB and SQLite both append
// the primary key to the index, which the sweep's (next_escalation_at, id) order and paging use.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.string('next_escalation_at', 23);
    t.index(['next_escalation_at'], 'tickets_next_escalation_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['next_escalation_at'], 'tickets_next_escalation_at_index');
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumn('next_escalation_at');
  });
}
