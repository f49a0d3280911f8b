import type { Knex } from 'knex';

// The drill-down lists one department's assignments of a period: without this index MariaDB walks every
// assignment the department ever had (its foreign-key index) to find one month's.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.index(['department_id', 'dispatched_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.dropIndex(['department_id', 'dispatched_at']);
  });
}
