import type { Knex } from 'knex';

// The bulletin's monthly analysis (docs/rules/hot-spots.md "Monthly analysis") sums a month of area_daily_counts of
// the districts and streets. The area and day first, covering the rest: the sum reads those areas' rows of the
// month and nothing else. By the primary key (area, category, day) it would read their whole history; by the day
// index, every community's rows of the month too, each looked up in the table (7 s for a big city's month on
// MariaDB, against 0.6 s by this index).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('area_daily_counts', (t) => {
    t.index(['area_unit_id', 'day', 'category_id', 'count'], 'area_daily_counts_area_day_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('area_daily_counts', (t) => {
    t.dropIndex(['area_unit_id', 'day', 'category_id', 'count'], 'area_daily_counts_area_day_index');
  });
}
