import type { Knex } from 'knex';

// The bulletin's monthly analysis (docs/rules/hot-spots.md "Monthly analysis") ranks the month's hot issues: summing
// a big city's month of area_daily_counts for every district and street took 0.6-0.8 s on MariaDB, against 20 ms
// for any figure. area_month_counts holds those sums, a row per area, category and month ('YYYY-MM'); `level` (the
// unit's kind when written) and `is_all` (category 0) let the (month, level, is_all, count) index hand out a level's
// top 10 in count order, reading a dozen rows.
//
// Triggers on area_daily_counts keep each month row equal to the sum of its day rows, whoever writes them (the
// surge job's batched upserts and deletes, the demo, tests): an insert adds its count, an update the difference, a
// delete takes its count off, in the writer's transaction. The table is backfilled from the day rows here.
const TABLE = 'area_month_counts';
const TRIGGERS = [
  'area_month_counts_on_insert',
  'area_month_counts_on_update',
  'area_month_counts_on_move',
  'area_month_counts_on_delete',
];

const isMysql = (knex: Knex) => knex.client.config.client === 'mysql2';

/** The upsert adding `count` to the month row of (area, category, day) of the row `r` (NEW or OLD). */
function addTo(knex: Knex, r: 'NEW' | 'OLD', sign: '' | '-', count = signed(knex, `${r}.count`)): string {
  const values =
    `${r}.area_unit_id, ${r}.category_id, substr(${r}.day, 1, 7), ` +
    `(SELECT kind FROM departments WHERE id = ${r}.area_unit_id), ${r}.category_id = 0, ${sign}(${count})`;
  const into = `INSERT INTO ${TABLE} (area_unit_id, category_id, month, level, is_all, count) VALUES (${values})`;
  return isMysql(knex)
    ? `${into} ON DUPLICATE KEY UPDATE count = count + VALUES(count);`
    : `${into} ON CONFLICT (area_unit_id, category_id, month) DO UPDATE SET count = count + excluded.count;`;
}

/** MariaDB's unsigned arithmetic refuses a negative result: the counts are made signed first. */
const signed = (knex: Knex, column: string) => (isMysql(knex) ? `CAST(${column} AS SIGNED)` : column);

const sameKey = 'NEW.area_unit_id = OLD.area_unit_id AND NEW.category_id = OLD.category_id AND NEW.day = OLD.day';

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
  if (isMysql(knex)) {
    const delta = `${signed(knex, 'NEW.count')} - ${signed(knex, 'OLD.count')}`;
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[0]} AFTER INSERT ON area_daily_counts FOR EACH ROW ${addTo(knex, 'NEW', '')}`,
    );
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[1]} AFTER UPDATE ON area_daily_counts FOR EACH ROW BEGIN
         IF ${sameKey} THEN
           IF NEW.count <> OLD.count THEN ${addTo(knex, 'NEW', '', delta)} END IF;
         ELSE ${addTo(knex, 'OLD', '-')} ${addTo(knex, 'NEW', '')}
         END IF;
       END`,
    );
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[3]} AFTER DELETE ON area_daily_counts FOR EACH ROW ${addTo(knex, 'OLD', '-')}`,
    );
  } else {
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[0]} AFTER INSERT ON area_daily_counts BEGIN ${addTo(knex, 'NEW', '')} END`,
    );
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[1]} AFTER UPDATE ON area_daily_counts WHEN ${sameKey} AND NEW.count <> OLD.count
       BEGIN ${addTo(knex, 'NEW', '', 'NEW.count - OLD.count')} END`,
    );
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[2]} AFTER UPDATE ON area_daily_counts WHEN NOT (${sameKey})
       BEGIN ${addTo(knex, 'OLD', '-')} ${addTo(knex, 'NEW', '')} END`,
    );
    await knex.raw(
      `CREATE TRIGGER ${TRIGGERS[3]} AFTER DELETE ON area_daily_counts BEGIN ${addTo(knex, 'OLD', '-')} END`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const name of TRIGGERS) await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
  await knex.schema.dropTable(TABLE);
}
