import type { Knex } from 'knex';

// Duplicate detection (并单) looks for recent open orders of the same category at the same address; the phone
// side already has tickets(caller_phone).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.index(['category_id', 'created_at'], 'tickets_category_created_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  // MySQL may have let the new index serve the category_id foreign key and dropped the key's own index (it does
  // so for an index it created implicitly): then put one back first, or the new index cannot go.
  if (knex.client.config.client === 'mysql2') {
    const [rows] = await knex.raw("SHOW INDEX FROM tickets WHERE Column_name = 'category_id' AND Seq_in_index = 1");
    if (!(rows as Array<{ Key_name: string }>).some((r) => r.Key_name !== 'tickets_category_created_index')) {
      await knex.schema.alterTable('tickets', (t) => {
        t.index(['category_id'], 'tickets_category_id_foreign');
      });
    }
  }
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['category_id', 'created_at'], 'tickets_category_created_index');
  });
}
