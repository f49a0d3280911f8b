import type { Knex } from 'knex';

// 不合理诉求 (docs/rules/figures.md "Unreasonable demands"): a level judged unreasonable with its order counts in
// its own unit's `unreasonable`, so a tree holding both units leaves it out like every level counter (one order,
// one unreasonable demand in the district's tree).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('level_day_stats', (t) => {
    t.integer('unreasonable').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('level_day_stats', (t) => t.dropColumn('unreasonable'));
}
