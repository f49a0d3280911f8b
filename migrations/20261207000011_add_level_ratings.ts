import type { Knex } from 'knex';

// CO_UNITS_RATED=1 counts an order's rating for its co-units as well as for its lead (rating_co_units): a rating
// counted for a co-unit is kept here too, under the lead's unit and the local day it was given, so the whole city's
// figures and a tree holding both units leave it out and count the resident's rating once (docs/rules/figures.md
// "Co-units' satisfaction"), as they leave out the co level itself.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('level_day_stats', (t) => {
    t.integer('ratings').notNullable().defaultTo(0);
    t.integer('ratings_good').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('level_day_stats', (t) => {
    t.dropColumn('ratings');
    t.dropColumn('ratings_good');
  });
}
