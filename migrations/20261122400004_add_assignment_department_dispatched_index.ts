import type { Knex } from 'knex';

// The drill-down lists one department's assignments of a period: without this index MariaDB walks every
// assignment the department ever had (its foreign-key index) to find one month's.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.index(['department_id', 'dispatched_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  // MariaDB dropped the foreign key's own index when this one could serve it: give the key an index back first.
  if (knex.client.config.client === 'mysql2') {
    const [rows] = await knex.raw("SHOW INDEX FROM assignments WHERE Column_name = 'department_id' AND Seq_in_index = 1");
    const names = new Set((rows as Array<{ Key_name: string }>).map((r) => r.Key_name));
    if (names.size === 1) {
      await knex.schema.alterTable('assignments', (t) => {
        t.index(['department_id'], 'assignments_department_id_foreign');
      });
    }
  }
  await knex.schema.alterTable('assignments', (t) => {
    t.dropIndex(['department_id', 'dispatched_at']);
  });
}
