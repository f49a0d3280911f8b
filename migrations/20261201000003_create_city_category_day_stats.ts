import type { Knex } from 'knex';

// Per-category, per-day counters of the whole city, beside the per-department ones: the city's report by category
// over a range that cuts months reads its edge days here (a few rows a day) instead of every department's rows of
// those days. Filled from the records at the next start when empty (FiguresService.ensureRollups).
const COUNTERS = ['dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo', 'ratings', 'ratings_good', 'bad', 'bad_fixed', 'supervised'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('city_category_day_stats', (t) => {
    t.string('day', 10).notNullable();
    t.integer('category_id').unsigned().notNullable(); // 0: no category
    for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
    t.primary(['day', 'category_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('city_category_day_stats');
}
