import type { Knex } from 'knex';

// A card is issued once per deadline, and an approved extension or a resumption sets a new deadline of the same
// kind: the deadline's moment joins the unique key. The new key is built before the old one is dropped, so the
// foreign key on ticket_id keeps an index on MariaDB throughout.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('escalations', (t) => {
    t.unique(['ticket_id', 'assignment_id', 'kind', 'level', 'deadline_at'], { indexName: 'escalations_once_per_deadline_at' });
  });
  await knex.schema.alterTable('escalations', (t) => {
    t.dropUnique(['ticket_id', 'assignment_id', 'kind', 'level'], 'escalations_once_per_deadline');
  });
}

export async function down(knex: Knex): Promise<void> {
  // The narrow key holds one card of a level per assignment: keep each one's first, as the old rule issued them.
  // (A derived table, since MariaDB cannot delete from a table its own subquery reads.)
  const first = knex.select('id').from(knex('escalations').min({ id: 'id' }).groupBy('ticket_id', 'assignment_id', 'kind', 'level').as('f'));
  await knex('escalations').whereNotIn('id', first).delete();
  await knex.schema.alterTable('escalations', (t) => {
    t.unique(['ticket_id', 'assignment_id', 'kind', 'level'], { indexName: 'escalations_once_per_deadline' });
  });
  await knex.schema.alterTable('escalations', (t) => {
    t.dropUnique(['ticket_id', 'assignment_id', 'kind', 'level', 'deadline_at'], 'escalations_once_per_deadline_at');
  });
}
