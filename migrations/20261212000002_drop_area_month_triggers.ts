import type { Knex } from 'knex';

// area_month_counts (the bulletin's month sums, docs/rules/hot-spots.md "Monthly analysis") was kept equal to its
// day rows by triggers on area_daily_counts, created by the first version of 20261211000006. They went because:
// - TiDB and OceanBase's MySQL mode have no triggers (docs/scaling.md), so the schema could not be created there;
// - MariaDB with binary logging on (every replica and Galera node) refuses CREATE TRIGGER to a user without SUPER
//   unless log_bin_trust_function_creators is set;
// - on MariaDB they doubled the surge job's first write of a day (14.3 s against 7.8 s for 58,000 rows: a statement
//   and a departments lookup per row).
// The surge job now adds each day row's difference to its month row itself, in the day's transaction
// (server/domain/hotspots/surge.repository.ts writeDay). Here the triggers of a database migrated before are dropped
// and the month rows rebuilt once from the day rows, so the two agree from now on whatever happened before.
//
// down() does not create them again: code older than this migration needs them, and its own 20261211000006 created
// them; roll back past 20261211000006 (which drops the table) and let that code migrate again.
const TRIGGERS = [
  'area_month_counts_on_insert',
  'area_month_counts_on_update',
  'area_month_counts_on_move',
  'area_month_counts_on_delete',
];

const isMysql = (knex: Knex) => knex.client.config.client === 'mysql2';

/** The triggers this database has, read from its catalogue (no DROP TRIGGER where the engine has none). */
async function existing(knex: Knex): Promise<string[]> {
  const list = TRIGGERS.map(() => '?').join(', ');
  if (isMysql(knex)) {
    const [rows] = await knex.raw(
      `SELECT trigger_name AS name FROM information_schema.triggers
       WHERE trigger_schema = DATABASE() AND trigger_name IN (${list})`,
      TRIGGERS,
    );
    return (rows as Array<{ name: string }>).map((r) => r.name);
  }
  const rows: Array<{ name: string }> = await knex.raw(
    `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${list})`,
    TRIGGERS,
  );
  return rows.map((r) => r.name);
}

export async function up(knex: Knex): Promise<void> {
  for (const name of await existing(knex)) await knex.raw(`DROP TRIGGER ${name}`);
  await knex('area_month_counts').delete();
  await knex.raw(
    `INSERT INTO area_month_counts (area_unit_id, category_id, month, level, is_all, count)
     SELECT c.area_unit_id, c.category_id, substr(c.day, 1, 7), MAX(d.kind), c.category_id = 0, SUM(c.count)
     FROM area_daily_counts c LEFT JOIN departments d ON d.id = c.area_unit_id
     GROUP BY c.area_unit_id, c.category_id, substr(c.day, 1, 7)`,
  );
}

export async function down(): Promise<void> {
  // Nothing to undo: see above.
}
