import type { Knex } from 'knex';

// Rectification done properly (docs/rules/reviews.md "The rectification callback"): the rectification of a named bad
// review (its resident known: the rated order's caller) is put right only when the resident's callback after its
// reply is not bad again. Which bad reviews wait for that callback is fixed when their remedy is set, so the
// counters and the recount (stats/verify) judge the same reviews whatever RECTIFICATION_CALLBACK becomes later.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ratings', (t) => {
    t.boolean('remedy_callback').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ratings', (t) => t.dropColumn('remedy_callback'));
}
