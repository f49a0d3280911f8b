import type { Knex } from 'knex';

// Supervision orders (督办) counted per department (and category), per day and per month, beside the other counters,
// so the department report reads them from the same few rows at any volume.
const TABLES = ['department_day_stats', 'department_month_stats', 'category_day_stats', 'category_month_stats'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => { t.integer('supervised').notNullable().defaultTo(0); });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await knex.schema.alterTable(table, (t) => { t.dropColumn('supervised'); });
  }
}
