import type { Knex } from 'knex';

// The bulletin's monthly analysis (docs/rules/hot-spots.md "Monthly analysis") ranks the month's hot issues: summing
// a big city's month of area_daily_counts for every district and street took 0.6-0.8 s on MariaDB, against 20 ms
// for any figure. area_month_counts holds those sums, a row per area, category and month ('YYYY-MM'); `level` (the
// unit's kind when written) and `is_all` (category 0) let the (month, level, is_all, count) index hand out a level's
// top 10 in count order, reading a dozen rows.
//
// The surge job keeps each month row equal to the sum of its day rows: it writes a day's rows and their differences
// to the month rows in one transaction (server/domain/hotspots/surge.repository.ts). This migration first created
// triggers on area_daily_counts for that; 20261212000002_drop_area_month_triggers.ts says why they went, and a new
// database never gets them. The table is backfilled from the day rows here.
const TABLE = 'area_month_counts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(TABLE, (t) => {
    t.integer('area_unit_id').unsigned().notNullable();
    t.integer('category_id').unsigned().notNullable();
    t.string('month', 7).notNullable();
    t.string('level', 16).nullable();
    t.boolean('is_all').notNullable();
    t.integer('count').notNullable();
    t.primary(['area_unit_id', 'category_id', 'month']);
    t.index(['month', 'level', 'is_all', 'count'], 'area_month_counts_rank_index');
  });
  await knex.raw(
    `INSERT INTO ${TABLE} (area_unit_id, category_id, month, level, is_all, count)
     SELECT c.area_unit_id, c.category_id, substr(c.day, 1, 7), MAX(d.kind), c.category_id = 0, SUM(c.count)
     FROM area_daily_counts c LEFT JOIN departments d ON d.id = c.area_unit_id
     GROUP BY c.area_unit_id, c.category_id, substr(c.day, 1, 7)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable(TABLE);
}
