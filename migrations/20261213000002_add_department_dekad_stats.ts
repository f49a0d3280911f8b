import type { Knex } from 'knex';

// A department's counters per dekad (旬: days 1-10, 11-20, 21 to the month's end, keyed 2026-09-2): a department
// report over days that cut months reads whole dekads from here and only the days left at its edges from the daily
// table (server/domain/figures/rollups.repository.ts splitPeriod). Filled from the daily table's rows.
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
  'supervised',
  'contacted_timely',
  'followed',
  'solved_asked',
  'solved_halves',
  'unreasonable',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('department_dekad_stats', (t) => {
    t.string('dekad', 9).notNullable();
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
    t.primary(['dekad', 'department_id']);
  });
  const part = "CASE WHEN SUBSTR(day, 9, 2) <= '10' THEN '1' WHEN SUBSTR(day, 9, 2) <= '20' THEN '2' ELSE '3' END";
  const dekad =
    knex.client.config.client === 'mysql2'
      ? `CONCAT(SUBSTR(day, 1, 7), '-', ${part})`
      : `SUBSTR(day, 1, 7) || '-' || ${part}`;
  await knex.raw(
    `INSERT INTO department_dekad_stats (dekad, department_id, ${COUNTERS.join(', ')}) ` +
      `SELECT ${dekad}, department_id, ${COUNTERS.map((c) => `SUM(${c})`).join(', ')} ` +
      `FROM department_day_stats GROUP BY ${dekad}, department_id`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('department_dekad_stats');
}
