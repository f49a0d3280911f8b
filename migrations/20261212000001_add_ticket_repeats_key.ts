import type { Knex } from 'knex';

// ticket_repeats was made without a primary key (its three columns were only a unique index). Galera replicates a
// row by its primary key: a keyless table's deletes and updates are refused or applied by scanning on every node.
// The unique columns, never null, become the key (on SQLite knex rebuilds the table to add it).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ticket_repeats', (t) => {
    t.primary(['ticket_id', 'sibling_id', 'rule'], { constraintName: 'ticket_repeats_pkey' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ticket_repeats', (t) => {
    t.dropPrimary('ticket_repeats_pkey');
  });
}
