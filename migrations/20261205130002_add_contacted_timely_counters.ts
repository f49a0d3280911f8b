import type { Knex } from 'knex';

// The response rate (响应率, docs/rules/figures.md): received assignments whose resident was contacted before the sign-for
// deadline. Counted beside the other counters (figures-recorder.contacted); contacts are recorded only since
// assignments.contacted_at exists, so every existing row's count is 0. The day-first covering index of
// department_day_stats takes the new counter too, so a range of days is still summed from the index alone.
const TABLES = ['department_day_stats', 'department_month_stats', 'category_day_stats', 'category_month_stats', 'city_category_day_stats'];
const COVER = ['day', 'department_id', 'dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo',
  'ratings', 'ratings_good', 'bad', 'bad_fixed', 'supervised'];

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => { t.integer('contacted_timely').notNullable().defaultTo(0); });
  }
  await knex.schema.alterTable('department_day_stats', (t) => { t.index([...COVER, 'contacted_timely'], 'department_day_stats_day_cover2'); });
  await knex.schema.alterTable('department_day_stats', (t) => { t.dropIndex(COVER, 'department_day_stats_day_cover'); });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('department_day_stats', (t) => { t.index(COVER, 'department_day_stats_day_cover'); });
  await knex.schema.alterTable('department_day_stats', (t) => { t.dropIndex([...COVER, 'contacted_timely'], 'department_day_stats_day_cover2'); });
  for (const table of [...TABLES].reverse()) {
    await knex.schema.alterTable(table, (t) => { t.dropColumn('contacted_timely'); });
  }
}
