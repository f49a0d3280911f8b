import type { Knex } from 'knex';

// Open311 GeoReport v2 as its clients speak it (docs/api.md "Open311 GeoReport v2"): each submitted request gets a
// token the submitter can resolve with GET tokens/:token, and the attribute[code] fields it carried are kept as
// submitted (a JSON object of code -> value or list of values).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('open311_requests', (t) => {
    // Requests submitted before this change have none: their number was answered at once, as it still is.
    t.string('token', 36).unique();
    t.text('attributes');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('open311_requests', (t) => {
    t.dropUnique(['token']);
    t.dropColumn('token');
    t.dropColumn('attributes');
  });
}
