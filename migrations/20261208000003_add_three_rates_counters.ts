import type { Knex } from 'knex';

// The three rates (响应率, 解决率, 满意率) and the callback rate (回访率) in every figure (docs/rules/figures.md): the
// counters of the resolution and callback rates are assignment counters, so a level keeps them too under the unit
// above it (level_day_stats), and a tree's figures leave them out like every level counter. The daily table's
// covering index lists every counter, so a range of days is still summed from the index alone (bench/figures).
const OLD_COUNTERS = [
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
];
const NEW_COUNTERS = ['followed', 'solved_asked', 'solved_halves', 'unreasonable'];
const LEVEL_NEW = ['followed', 'solved_asked', 'solved_halves'];
const ROLLUPS = [
  'department_day_stats',
  'department_month_stats',
  'category_day_stats',
  'category_month_stats',
  'city_category_day_stats',
  'level_day_stats',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('level_day_stats', (t) => {
    for (const c of LEVEL_NEW) t.integer(c).notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('department_day_stats', (t) => {
    t.dropIndex([], 'department_day_stats_day_cover2');
    t.index(['day', 'department_id', ...OLD_COUNTERS, ...NEW_COUNTERS], 'department_day_stats_day_cover3');
  });
  // Orders followed up before this release: their first completed callback or resident's own rating (not the
  // auto-close's default score).
  await knex.raw(
    `UPDATE assignments SET followed_up_at = (SELECT MIN(c.created_at) FROM ticket_callbacks c ` +
      `WHERE c.assignment_id = assignments.id AND c.outcome = 'answered') WHERE followed_up_at IS NULL`,
  );
  const firstRating =
    '(SELECT MIN(r.rated_at) FROM ratings r WHERE r.assignment_id = assignments.id AND r.defaulted = ?)';
  await knex.raw(
    `UPDATE assignments SET followed_up_at = ${firstRating} WHERE ${firstRating} IS NOT NULL ` +
      `AND (followed_up_at IS NULL OR followed_up_at > ${firstRating})`,
    [false, false, false],
  );
  // The counters of the past then hold none of the new ones: emptied, they are filled again from the records at
  // the next start (FiguresService.ensureRollups), every counter included.
  for (const table of ROLLUPS) await knex(table).delete();
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('department_day_stats', (t) => {
    t.dropIndex([], 'department_day_stats_day_cover3');
    t.index(['day', 'department_id', ...OLD_COUNTERS], 'department_day_stats_day_cover2');
  });
  await knex.schema.alterTable('level_day_stats', (t) => {
    for (const c of LEVEL_NEW) t.dropColumn(c);
  });
}
