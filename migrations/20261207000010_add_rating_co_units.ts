import type { Knex } from 'knex';

// CO_UNITS_RATED=1 (docs/rules/figures.md "Co-units' satisfaction"): a resident's rating of an order also counts in
// the satisfaction of every co-unit (会办) that took part in the rated assignment. Which units those were is fixed
// when the rating is stored (the flag in force then, the co levels as they stood), so the counters and the recount
// read the same units whatever the flag or the levels become later. Nothing here names the ticket or the resident:
// a unit's figures read counts only.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rating_co_units', (t) => {
    t.integer('rating_id').unsigned().notNullable().references('ratings.id');
    t.integer('department_id').unsigned().notNullable().references('departments.id');
    t.primary(['rating_id', 'department_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rating_co_units');
}
