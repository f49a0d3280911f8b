import type { Knex } from 'knex';

// The dashboard counts yellow and red cards after every change. Only a ticket past one of its yellow moments
// can carry a card, and these two indexes find exactly those by range, instead of reading every open ticket
// (some 150,000 at a large city's volume). signed_at sits before sign_yellow_at because the sign-for deadline
// only counts while the ticket is unsigned (signed_at IS NULL is an equality an index can use).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.index(['status', 'signed_at', 'sign_yellow_at'], 'tickets_status_sign_yellow_index');
    t.index(['status', 'due_yellow_at'], 'tickets_status_due_yellow_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['status', 'due_yellow_at'], 'tickets_status_due_yellow_index');
    t.dropIndex(['status', 'signed_at', 'sign_yellow_at'], 'tickets_status_sign_yellow_index');
  });
}
