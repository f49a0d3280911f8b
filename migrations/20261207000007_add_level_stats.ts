import type { Knex } from 'knex';

// Figures of a unit with its units below (docs/rules/figures.md "Levels"): a district's figures with its streets
// add up their counters, less the levels that stayed inside the district (an order it passed down to its own
// street is one order, counted once at the district). This table holds the counters of every level (a 'down' or
// 'co' assignment) per unit, the unit of the level above it and the local day of its dispatch, so a tree's sums
// subtract the levels whose both ends lie in the tree without reading assignments. Ratings and supervision orders
// are not assignments and are never subtracted: they carry no columns here.
const LEVEL_COUNTERS = [
  'dispatched',
  'returned',
  'signed_timely',
  'replied',
  'replied_on_time',
  'redo',
  'contacted_timely',
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('level_day_stats', (t) => {
    t.string('day', 10).notNullable();
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.integer('parent_department_id').unsigned().notNullable().references('departments.id');
    for (const c of LEVEL_COUNTERS) t.integer(c).notNullable().defaultTo(0);
    // A period is a day range; levels are few pairs of units a day, so the days are read whole.
    t.primary(['day', 'department_id', 'parent_department_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('level_day_stats');
}
