import type { Knex } from 'knex';

// 先联系后办理: when the department holding an assignment first contacted the resident (a `contact` event records
// each one). The response rate counts the assignments contacted before their sign-for deadline (docs/rules/figures.md).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.string('contacted_at', 23);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('assignments', (t) => {
    t.dropColumn('contacted_at');
  });
}
