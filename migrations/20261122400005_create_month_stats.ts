import type { Knex } from 'knex';

// The same counters per month, kept with the daily ones: a year's report reads twelve rows per department
// instead of 365. A period is read as whole months from these tables and the days at its edges from the daily ones.
const COUNTERS = ['dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo', 'ratings', 'ratings_good', 'bad', 'bad_fixed'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('department_month_stats', (t) => {
    t.string('month', 7).notNullable();
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
    t.primary(['month', 'department_id']);
  });
  await knex.schema.createTable('category_month_stats', (t) => {
    t.string('month', 7).notNullable();
    t.integer('category_id').unsigned().notNullable();
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
    t.primary(['month', 'category_id', 'department_id']);
    t.index(['department_id', 'month']);
  });
  // Counters written before this migration are filled in by FiguresService.ensureRollups() at start.
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('category_month_stats');
  await knex.schema.dropTable('department_month_stats');
}
