import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    // The dispatch catalogue (派单目录): where an order of this category goes by default.
    t.integer('department_id').unsigned().references('departments.id');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', 23).notNullable();
  });
  await knex.schema.createTable('calendar_overrides', (t) => {
    t.string('date', 10).primary();
    t.boolean('workday').notNullable();
    t.string('note', 200);
    t.string('created_at', 23).notNullable();
  });
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable();
    t.string('created_at', 23).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('settings');
  await knex.schema.dropTable('calendar_overrides');
  await knex.schema.dropTable('categories');
}
