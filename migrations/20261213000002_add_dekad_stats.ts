import type { Knex } from 'knex';

// Counters per dekad (旬: days 1-10, 11-20, 21 to the month's end, keyed 2026-09-2), a department's and the whole
// city's categories': a report over days that cut months reads whole dekads from here and only the days left at its
// edges from the daily tables (server/domain/figures/rollups.repository.ts splitPeriod). Filled from the daily rows.
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

const TABLES = [
  { table: 'department_dekad_stats', key: 'department_id', from: 'department_day_stats', references: 'departments.id' },
  { table: 'city_category_dekad_stats', key: 'category_id', from: 'city_category_day_stats', references: null },
] as const;

export async function up(knex: Knex): Promise<void> {
  const part = "CASE WHEN SUBSTR(day, 9, 2) <= '10' THEN '1' WHEN SUBSTR(day, 9, 2) <= '20' THEN '2' ELSE '3' END";
  const dekad =
    knex.client.config.client === 'mysql2'
      ? `CONCAT(SUBSTR(day, 1, 7), '-', ${part})`
      : `SUBSTR(day, 1, 7) || '-' || ${part}`;
  for (const { table, key, from, references } of TABLES) {
    await knex.schema.createTable(table, (t) => {
      t.string('dekad', 9).notNullable();
      const column = t.integer(key).unsigned().notNullable();
      if (references) column.references(references);
      for (const c of COUNTERS) t.integer(c).notNullable().defaultTo(0);
      t.primary(['dekad', key]);
    });
    await knex.raw(
      `INSERT INTO ${table} (dekad, ${key}, ${COUNTERS.join(', ')}) ` +
        `SELECT ${dekad}, ${key}, ${COUNTERS.map((c) => `SUM(${c})`).join(', ')} ` +
        `FROM ${from} GROUP BY ${dekad}, ${key}`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const { table } of [...TABLES].reverse()) await knex.schema.dropTable(table);
}
