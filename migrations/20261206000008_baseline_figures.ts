import type { Knex } from 'knex';

// Baseline: the counters (rollups) behind every figure, kept in the same transaction as the changes that move them,
// so a figure over any period reads a few hundred small rows instead of scanning millions of assignments; and the
// monthly red/blue leaderboard, prepared and published. Assignment counters sit on the day of the dispatch, rating
// counters on the day of the rating (local dates). Tables left empty are filled from the records at start
// (FiguresService.ensureRollups).
const COUNTERS = [
  'dispatched',
  'returned',
  'signed_timely',
  'replied',
  'replied_on_time',
  'redo',
  'ratings',
  'ratings_good',
  'bad',
  'bad_fixed',
  // Supervision orders (督办), and the response rate (响应率, docs/rules/figures.md): assignments contacted before
  // the sign-for deadline.
  'supervised',
  'contacted_timely',
];

const counters = (t: Knex.CreateTableBuilder) => {
  for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
};

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('department_day_stats', (t) => {
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.string('day', 10).notNullable();
    counters(t);
    t.primary(['department_id', 'day']);
    // A range of days (a report over 30 days that cut months) read from the index alone: day first, then the
    // department and every counter, so MariaDB sums a day range without a row lookup per department-day.
    t.index(['day', 'department_id', ...COUNTERS], 'department_day_stats_day_cover2');
  });
  await knex.schema.createTable('department_month_stats', (t) => {
    // The same counters per month: a year's report reads twelve rows per department instead of 365. A period is
    // read as whole months from here and the days at its edges from the daily table.
    t.string('month', 7).notNullable();
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    counters(t);
    t.primary(['month', 'department_id']);
  });
  await knex.schema.createTable('category_day_stats', (t) => {
    // The report by category (诉求分类), per department, category and day. Category 0: none (差评整改 orders,
    // ratings of a window that rate no ticket).
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('category_id').unsigned().notNullable();
    t.string('day', 10).notNullable();
    counters(t);
    // Clustered by day: a month of the whole city is one contiguous range; one department's through its index.
    t.primary(['day', 'category_id', 'department_id']);
    t.index(['department_id', 'day']);
  });
  await knex.schema.createTable('category_month_stats', (t) => {
    t.string('month', 7).notNullable();
    t.integer('category_id').unsigned().notNullable();
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    counters(t);
    t.primary(['month', 'category_id', 'department_id']);
    t.index(['department_id', 'month']);
  });
  await knex.schema.createTable('city_category_day_stats', (t) => {
    // The whole city per category and day: the city's report by category over a range that cuts months reads its
    // edge days here (a few rows a day) instead of every department's rows of those days.
    t.string('day', 10).notNullable();
    t.integer('category_id').unsigned().notNullable(); // 0: no category
    counters(t);
    t.primary(['day', 'category_id']);
  });
  await knex.schema.createTable('leaderboards', (t) => {
    // One published board per month, frozen with every figure behind it; the primary key makes a second
    // publication (by the job and a supervisor at once, or twice) find the first instead of adding one.
    t.string('month', 7).primary();
    t.text('board', 'mediumtext').notNullable();
    t.integer('published_by').unsigned().references('users.id');
    t.string('published_at', 23).notNullable();
    t.string('created_at', 23).notNullable();
  });
  await knex.schema.createTable('leaderboard_drafts', (t) => {
    // A month's board as prepared at 01:00 on the 1st, for a supervisor to review and publish (or for the job to
    // publish on the configured day). The primary key makes a second preparation find the first.
    t.string('month', 7).primary();
    t.text('board', 'mediumtext').notNullable();
    t.string('prepared_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('leaderboard_drafts');
  await knex.schema.dropTable('leaderboards');
  await knex.schema.dropTable('city_category_day_stats');
  await knex.schema.dropTable('category_month_stats');
  await knex.schema.dropTable('category_day_stats');
  await knex.schema.dropTable('department_month_stats');
  await knex.schema.dropTable('department_day_stats');
}
