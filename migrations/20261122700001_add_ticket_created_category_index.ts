import type { Knex } from 'knex';

// Orders by category over a period (the dashboard reads today's after every change, the month's once in a
// while) come from (created_at, category_id) alone, without visiting a ticket row.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.index(['created_at', 'category_id'], 'tickets_created_category_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['created_at', 'category_id'], 'tickets_created_category_index');
  });
}
