import type { Knex } from 'knex';

// Years whose whole schedule (holidays and make-up working days, from the State Council's notice) an administrator
// entered at once: such a year counts as confirmed like one the chinese-days package carries. Its days are rows of
// calendar_overrides; this row says the year is complete, who entered it and when.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.integer('confirmed_by').unsigned().references('id').inTable('users');
    t.string('confirmed_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_years');
}
