import type { Knex } from 'knex';

// A range of days (a report over 30 days that cut months) read from the index alone: day first, then the
// department and every counter, so MariaDB sums a day range without a row lookup per department-day. It replaces
// the index on day alone, which it starts with.
const COVER = ['day', 'department_id', 'dispatched', 'returned', 'signed_timely', 'replied', 'replied_on_time', 'redo',
  'ratings', 'ratings_good', 'bad', 'bad_fixed', 'supervised'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('department_day_stats', (t) => { t.index(COVER, 'department_day_stats_day_cover'); });
  await knex.schema.alterTable('department_day_stats', (t) => { t.dropIndex(['day'], 'department_day_stats_day_index'); });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('department_day_stats', (t) => { t.index(['day'], 'department_day_stats_day_index'); });
  await knex.schema.alterTable('department_day_stats', (t) => { t.dropIndex(COVER, 'department_day_stats_day_cover'); });
}
