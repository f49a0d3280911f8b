import type { Knex } from 'knex';

// The department report counts a period's supervision orders per department (one GROUP BY over created_at): the
// (created_at, department_id) index answers it from the index alone. The supervisors' list of one department,
// newest first, reads (department_id, created_at) backwards instead of sorting all the department ever had.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('supervisions', (t) => {
    t.index(['created_at', 'department_id']);
    t.index(['department_id', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  // MariaDB dropped the foreign key's own index when the new one could serve it: give the key an index back first.
  if (knex.client.config.client === 'mysql2') {
    const [rows] = await knex.raw("SHOW INDEX FROM supervisions WHERE Column_name = 'department_id' AND Seq_in_index = 1");
    const names = new Set((rows as Array<{ Key_name: string }>).map((r) => r.Key_name));
    if (names.size === 1) {
      await knex.schema.alterTable('supervisions', (t) => {
        t.index(['department_id'], 'supervisions_department_id_foreign');
      });
    }
  }
  await knex.schema.alterTable('supervisions', (t) => {
    t.dropIndex(['department_id', 'created_at']);
    t.dropIndex(['created_at', 'department_id']);
  });
}
