import type { Knex } from 'knex';

// Baseline: the working-day calendar beyond what the chinese-days package knows. calendar_overrides holds single
// days (a holiday, a make-up working day); calendar_years the years whose whole schedule (from the State Council's
// notice) an administrator entered at once: such a year counts as confirmed like one the package carries.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_overrides', (t) => {
    t.string('date', 10).primary();
    t.boolean('workday').notNullable();
    t.string('note', 200);
    t.string('created_at', 23).notNullable();
  });
  await knex.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.integer('confirmed_by').unsigned().references('users.id');
    t.string('confirmed_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_years');
  await knex.schema.dropTable('calendar_overrides');
}
